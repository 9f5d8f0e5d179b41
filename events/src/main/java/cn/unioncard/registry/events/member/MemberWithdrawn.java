package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;

/** The member left the union {@code unionId}; the ID number is free for a new membership. */
public record MemberWithdrawn(@DataSubject String memberId, @NotPersonal("a union id") String unionId,
                              @PersonalData String reason) implements MemberEvent {
}
