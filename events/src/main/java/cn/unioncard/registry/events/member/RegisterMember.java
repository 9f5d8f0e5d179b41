package cn.unioncard.registry.events.member;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Register a member into a grassroots union. */
public record RegisterMember(@TargetAggregateIdentifier String memberId, String unionId, MemberForm form)
        implements MemberCommand {
}
