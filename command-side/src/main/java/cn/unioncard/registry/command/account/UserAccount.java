package cn.unioncard.registry.command.account;

import cn.unioncard.registry.events.account.AccountLocked;
import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.AuthenticationResult;
import cn.unioncard.registry.events.account.ChangePassword;
import cn.unioncard.registry.events.account.LoginFailed;
import cn.unioncard.registry.events.account.LoginRefusedWhileLocked;
import cn.unioncard.registry.events.account.LoginSucceeded;
import cn.unioncard.registry.events.account.PasswordChanged;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UserAccountCreated;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A login account. Its events are the authentication trail: successes, failures and lockouts.
 * Five wrong passwords in a row lock it for fifteen minutes.
 */
@Aggregate
class UserAccount {

    static final int MAX_FAILURES = 5;
    static final Duration LOCK_DURATION = Duration.ofMinutes(15);

    @AggregateIdentifier
    private String username;
    private Role role;
    private String organisationId;
    private boolean passwordChangeRequired;
    private int consecutiveFailures;
    private Instant lockedUntil;

    UserAccount() {
        // for Axon's event sourcing
    }

    UserAccount(String username, String displayName, Role role, String organisationId, boolean changeRequired) {
        apply(new UserAccountCreated(username, displayName, role, organisationId, changeRequired));
    }

    /** Answers rather than throws on a wrong password, so that the failure's event is kept. */
    @CommandHandler
    AuthenticationResult handle(AuthenticateUser command, Credentials credentials, PasswordEncoder encoder,
                                Clock clock) {
        Instant now = clock.instant();
        if (isLocked(now)) {
            apply(new LoginRefusedWhileLocked(username, lockedUntil));
            return AuthenticationResult.locked(username, lockedUntil);
        }
        if (!matches(command.password(), credentials, encoder)) {
            return recordFailure(now);
        }
        apply(new LoginSucceeded(username));
        return succeeded(passwordChangeRequired);
    }

    /**
     * A wrong current password counts like a wrong login, so a stolen token cannot be used to guess
     * the password without running into the lock. A weak new password is refused with its reasons.
     */
    @CommandHandler
    AuthenticationResult handle(ChangePassword command, Credentials credentials, PasswordEncoder encoder,
                                Clock clock) {
        Instant now = clock.instant();
        if (isLocked(now)) {
            apply(new LoginRefusedWhileLocked(username, lockedUntil));
            return AuthenticationResult.locked(username, lockedUntil);
        }
        if (!matches(command.currentPassword(), credentials, encoder)) {
            return recordFailure(now);
        }
        Violations v = new Violations();
        String next = command.newPassword();
        if (next == null || next.length() < ChangePassword.MIN_LENGTH) {
            v.error("newPassword", "password.too-short", "新密码至少 " + ChangePassword.MIN_LENGTH + " 个字符",
                    "the new password needs at least " + ChangePassword.MIN_LENGTH + " characters");
        } else if (!ChangePassword.fitsHash(next)) {
            v.error("newPassword", "password.too-long", "新密码不能超过 " + ChangePassword.MAX_BYTES + " 字节",
                    "the new password must not exceed " + ChangePassword.MAX_BYTES + " bytes");
        } else if (next.equals(command.currentPassword())) {
            v.error("newPassword", "password.unchanged", "新密码不能与当前密码相同",
                    "the new password must differ from the current one");
        } else if (next.equalsIgnoreCase(username)) {
            v.error("newPassword", "password.is-username", "密码不能与用户名相同",
                    "the password must not be the user name");
        }
        v.throwIfAny();
        credentials.replace(username, encoder.encode(next), now);
        apply(new PasswordChanged(username));
        return succeeded(false);
    }

    private boolean isLocked(Instant now) {
        return lockedUntil != null && now.isBefore(lockedUntil);
    }

    private boolean matches(String password, Credentials credentials, PasswordEncoder encoder) {
        String hash = credentials.hashOf(username).orElse("");
        return ChangePassword.fitsHash(password) && !hash.isEmpty() && encoder.matches(password, hash);
    }

    private AuthenticationResult recordFailure(Instant now) {
        int failures = consecutiveFailures + 1;
        apply(new LoginFailed(username, failures));
        if (failures >= MAX_FAILURES) {
            Instant until = now.plus(LOCK_DURATION);
            apply(new AccountLocked(username, until));
            return AuthenticationResult.locked(username, until);
        }
        return AuthenticationResult.failed(username);
    }

    private AuthenticationResult succeeded(boolean changeRequired) {
        return new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED, username, role, organisationId,
                changeRequired, null);
    }

    @EventSourcingHandler
    void on(UserAccountCreated event) {
        username = event.username();
        role = event.role();
        organisationId = event.organisationId();
        passwordChangeRequired = event.passwordChangeRequired();
    }

    @EventSourcingHandler
    void on(LoginFailed event) {
        consecutiveFailures = event.consecutiveFailures();
    }

    @EventSourcingHandler
    void on(AccountLocked event) {
        lockedUntil = event.lockedUntil();
        consecutiveFailures = 0;
    }

    @EventSourcingHandler
    void on(LoginSucceeded event) {
        consecutiveFailures = 0;
        lockedUntil = null;
    }

    @EventSourcingHandler
    void on(PasswordChanged event) {
        passwordChangeRequired = false;
    }
}
