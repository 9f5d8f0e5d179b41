package cn.unioncard.registry.events.audit;

import java.util.List;

/**
 * Someone was shown members' personal data. Written before the data is returned; a list page is
 * one record naming every member on it. {@code fields} names what was shown, {@code revealed}
 * says whether unmasked; the actor is in the metadata like on every event.
 */
public record PersonalDataAccessed(String accessId, List<String> memberIds, List<String> fields, boolean revealed,
                                   String purpose, String endpoint) {
}
