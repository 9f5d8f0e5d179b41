package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;

import java.time.LocalDate;

/** The member's signed authorisation was received on {@code receivedOn}, checked by {@code checkedBy}. */
public record MemberAuthorisationRecorded(@DataSubject String memberId,
                                          @NotPersonal("the date of the event") LocalDate receivedOn,
                                          @NotPersonal("a staff account, kept to audit who checked") String checkedBy,
                                          @PersonalData String scanReference) implements MemberEvent {
}
