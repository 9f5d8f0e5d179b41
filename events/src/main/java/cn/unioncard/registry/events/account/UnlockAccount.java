package cn.unioncard.registry.events.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Lift every login lock of an account (the city admin, or a district reviewer above it). */
public record UnlockAccount(@TargetAggregateIdentifier String username) implements AccountCommand {
}
