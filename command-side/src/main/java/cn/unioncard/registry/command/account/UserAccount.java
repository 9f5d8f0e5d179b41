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
import cn.unioncard.registry.events.account.PasswordReset;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UserAccountCreated;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A login account. Its events are the authentication trail: successes, failures, locks, unlocks and
 * resets. The counting behind the locks is {@link LoginThrottle}'s, shared with names no account
 * has; logins, unlocks and resets are handled in {@link AccountCommandHandler}, which records their
 * outcome here.
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
        requireAdministeredBy(actor, tree);
        throttle.clear(username);
        apply(new AccountUnlocked(username));
    }

    /**
     * Who may unlock may reset, but not their own account: that would set a password without the
     * current one, so a stolen token could take the account over (one's own is changed knowing it).
     */
    void resetPassword(Actor actor, UnionTree tree) {
        requireAdministeredBy(actor, tree);
        if (username.equals(actor.username())) {
            throw RegistryProblem.forbidden("不能重置自己的密码，请用“修改密码”（POST /api/auth/password）",
                    "you cannot reset your own password: change it with POST /api/auth/password");
        }
        apply(new PasswordReset(username));
    }

    /** Outside the caller's subtree the account does not exist (404); inside it, who may administer it (403). */
    private void requireAdministeredBy(Actor actor, UnionTree tree) {
        if (!tree.isVisible(actor, organisationId)) {
            throw RegistryProblem.notFound("user");
        }
        Permission.ADMINISTER_ACCOUNT.require(actor);
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

    @EventSourcingHandler
    void on(PasswordReset event) {
        passwordChangeRequired = true;
    }
}
