package cn.unioncard.registry.events.audit;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/**
 * Someone was shown members' personal data. Written before the data is returned; a list page is
 * one record naming every member on it. {@code fields} names what was shown, {@code revealed}
 * says whether unmasked; the actor is in the metadata like on every event.
 */
public record PersonalDataAccessed(@NotPersonal("an id") String accessId,
                                   @NotPersonal("member ids, which name nobody without the registry") List<String> memberIds,
                                   @NotPersonal("names of fields") List<String> fields, boolean revealed,
                                   @NotPersonal("the reader's own statement: evidence about the reader") String purpose,
                                   @NotPersonal("a path template") String endpoint) implements AuditEvent {
}
