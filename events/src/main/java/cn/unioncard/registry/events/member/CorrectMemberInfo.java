package cn.unioncard.registry.events.member;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Correct some of a member's fields; the rest of {@code form} is null. Needs the current version. */
public record CorrectMemberInfo(@TargetAggregateIdentifier String memberId,
                                @TargetAggregateVersion Long expectedVersion,
                                MemberForm form) implements MemberCommand {
}
