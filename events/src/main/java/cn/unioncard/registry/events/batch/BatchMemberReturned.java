package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;

/** A member of the batch went back to the union for correction, with the reviewer's reason (about the member). */
public record BatchMemberReturned(@NotPersonal("an id") String batchId,
                                  @DataSubject String memberId,
                                  @PersonalData String reason) implements BatchEvent {
}
