package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/**
 * A person became a member of a grassroots union. {@code idConvertedFrom15} records that a
 * legacy 15-digit number was converted; {@code warnings} the accepted doubts (codes only).
 */
public record MemberRegistered(@DataSubject String memberId, @NotPersonal("a union id") String unionId,
                               MemberDetails details, boolean idConvertedFrom15,
                               @NotPersonal("warning codes") List<String> warnings) implements MemberEvent {
}
