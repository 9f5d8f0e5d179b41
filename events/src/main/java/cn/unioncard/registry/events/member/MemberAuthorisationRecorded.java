package cn.unioncard.registry.events.member;

import java.time.LocalDate;

/** The member's signed authorisation was received on {@code receivedOn}, checked by {@code checkedBy}. */
public record MemberAuthorisationRecorded(String memberId, LocalDate receivedOn, String checkedBy,
                                          String scanReference) {
}
