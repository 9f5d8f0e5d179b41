package cn.unioncard.registry.events.member;

import java.util.List;

/**
 * Some fields were corrected. {@code changedFields} names them; {@code corrected} holds the new
 * values of those fields (the others repeat nothing: they are left at their defaults).
 */
public record MemberInfoCorrected(String memberId, List<String> changedFields, MemberDetails corrected,
                                  boolean idConvertedFrom15) {
}
