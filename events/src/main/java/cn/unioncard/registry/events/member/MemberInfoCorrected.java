package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/**
 * Some fields were corrected. {@code changedFields} names them; {@code corrected} holds the new
 * values of those fields (the others repeat nothing: they are left at their defaults).
 */
public record MemberInfoCorrected(@DataSubject String memberId,
                                  @NotPersonal("names of fields") List<String> changedFields,
                                  MemberDetails corrected,
                                  boolean idConvertedFrom15) implements MemberEvent {
}
