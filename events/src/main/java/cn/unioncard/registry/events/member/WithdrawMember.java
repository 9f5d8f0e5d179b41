package cn.unioncard.registry.events.member;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The member left the union. */
public record WithdrawMember(@TargetAggregateIdentifier String memberId, String reason) implements MemberCommand {
}
