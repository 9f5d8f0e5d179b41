package cn.unioncard.registry.events.member;

import java.util.List;

/**
 * A person became a member of a grassroots union. {@code idConvertedFrom15} records that a
 * legacy 15-digit number was converted; {@code warnings} the accepted doubts (codes only).
 */
public record MemberRegistered(String memberId, String unionId, MemberDetails details, boolean idConvertedFrom15,
                               List<String> warnings) {
}
