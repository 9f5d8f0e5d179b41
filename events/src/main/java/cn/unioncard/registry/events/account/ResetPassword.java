package cn.unioncard.registry.events.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Give someone else's account a fresh one-time password (the city admin, or a district reviewer above
 * it), answered once and never put into an event: for an operator who forgot theirs, or an imported
 * union's operator, who has none.
 */
public record ResetPassword(@TargetAggregateIdentifier String username) implements AccountCommand {
}
