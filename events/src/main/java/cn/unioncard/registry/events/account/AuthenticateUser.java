package cn.unioncard.registry.events.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** A login attempt. Commands are never stored; {@link #toString()} keeps the password out of logs. */
public record AuthenticateUser(@TargetAggregateIdentifier String username, String password) implements AccountCommand {
    @Override
    public String toString() {
        return "AuthenticateUser[username=" + username + "]";
    }
}
