package cn.unioncard.registry.events.account;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Open an account. The password hash travels in the command only to be written to the
 * credential table in the same transaction; no event ever carries it. Without a hash, the handler
 * makes a one-time password and answers it.
 */
public record CreateUserAccount(@TargetAggregateIdentifier String username, String displayName, Role role,
                                String organisationId, String passwordHash, boolean passwordChangeRequired)
        implements AccountCommand {
    @Override
    public String toString() {
        return "CreateUserAccount[username=" + username + ", role=" + role + ", organisationId=" + organisationId + "]";
    }
}
