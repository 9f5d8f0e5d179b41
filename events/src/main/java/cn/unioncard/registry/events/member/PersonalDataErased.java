package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * The member's personal data was erased: their key is destroyed, so every personal field of every
 * earlier event now reads as erased, while ids, codes, states and dates of events remain. An
 * active membership ends with it ({@code membershipEnded}): nobody could serve or withdraw a member
 * whose data is gone, and the person may join again as someone new. The member is still counted.
 */
public record PersonalDataErased(@DataSubject String memberId, @NotPersonal("a union id") String unionId,
                                 @NotPersonal("the officer's legal basis, kept for audit") String legalBasis,
                                 boolean membershipEnded) implements MemberEvent {
}
