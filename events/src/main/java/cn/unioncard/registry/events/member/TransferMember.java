package cn.unioncard.registry.events.member;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The member moves to another grassroots union, named by its system code (一次入会、动态接转),
 * optionally with the new employer's name. The member keeps its id and history.
 */
public record TransferMember(@TargetAggregateIdentifier String memberId, String toSystemCode,
                             String newEmployerName) implements MemberCommand {
}
