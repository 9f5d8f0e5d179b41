package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;

/** The member moved from one grassroots union to another. */
public record MemberTransferred(@DataSubject String memberId, @NotPersonal("a union id") String fromUnionId,
                                @NotPersonal("a union id") String toUnionId, @PersonalData String newEmployerName)
        implements MemberEvent {
}
