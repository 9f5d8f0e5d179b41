package cn.unioncard.registry.command.account;

import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.AccountLocked;
import cn.unioncard.registry.events.account.AccountUnlocked;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.AddressLockedOut;
import cn.unioncard.registry.events.account.AuthenticationResult;
import cn.unioncard.registry.events.account.LoginFailed;
import cn.unioncard.registry.events.account.LoginSucceeded;
import cn.unioncard.registry.events.account.PasswordChanged;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UserAccountCreated;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A login account. Its events are the authentication trail: successes, failures, locks and
 * unlocks. The counting behind the locks is {@link LoginThrottle}'s, shared with names no account
 * has; logins and unlocks are handled in {@link AccountCommandHandler}, which records their outcome here.
 */
@Aggregate
class UserAccount {

    @AggregateIdentifier
    private String username;
    private Role role;
    private String organisationId;
    private boolean passwordChangeRequired;

    UserAccount() {
        // for Axon's event sourcing
    }

    UserAccount(String username, String displayName, Role role, String organisationId, boolean changeRequired) {
        apply(new UserAccountCreated(username, displayName, role, organisationId, changeRequired));
    }

    AuthenticationResult loggedIn(long tokenVersion) {
        apply(new LoginSucceeded(username));
        return new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED, username, role, organisationId,
                passwordChangeRequired, null, tokenVersion);
    }

    /** Records a wrong password and the locks it started. */
    void loginFailed(LoginThrottle.Failure failure, String clientAddress) {
        apply(new LoginFailed(username, failure.pairFailures()));
        if (failure.pairLockedUntil() != null) {
            apply(new AddressLockedOut(username, clientAddress, failure.pairLockedUntil()));
        }
        if (failure.accountLockedUntil() != null) {
            apply(new AccountLocked(username, failure.accountLockedUntil()));
        }
    }

    AuthenticationResult passwordChanged(long tokenVersion) {
        apply(new PasswordChanged(username));
        return new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED, username, role, organisationId,
                false, null, tokenVersion);
    }

    /** Scope (404), then permission (403); then every lock of the account goes. */
    void unlock(Actor actor, UnionTree tree, LoginThrottle throttle) {
        if (!tree.isVisible(actor, organisationId)) {
            throw RegistryProblem.notFound("user");
        }
        Permission.UNLOCK_ACCOUNT.require(actor);
        throttle.clear(username);
        apply(new AccountUnlocked(username));
    }

    @EventSourcingHandler
    void on(UserAccountCreated event) {
        username = event.username();
        role = event.role();
        organisationId = event.organisationId();
        passwordChangeRequired = event.passwordChangeRequired();
    }

    @EventSourcingHandler
    void on(PasswordChanged event) {
        passwordChangeRequired = false;
    }
}
