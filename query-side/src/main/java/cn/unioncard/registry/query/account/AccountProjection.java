package cn.unioncard.registry.query.account;

import cn.unioncard.registry.events.account.AccountLocked;
import cn.unioncard.registry.events.account.AccountUnlocked;
import cn.unioncard.registry.events.account.LoginSucceeded;
import cn.unioncard.registry.events.account.PasswordChanged;
import cn.unioncard.registry.events.account.UserAccountCreated;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The account directory. A pooled streaming processor (tokens in PostgreSQL, written in the same
 * transaction as these rows), so it can be replayed and shared between instances.
 */
@Component
@ProcessingGroup("accounts")
class AccountProjection {

    private final AccountEntries entries;

    AccountProjection(AccountEntries entries) {
        this.entries = entries;
    }

    @EventHandler
    void on(UserAccountCreated event, @Timestamp Instant at) {
        AccountEntry e = new AccountEntry();
        e.inserted();
        e.username = event.username();
        e.displayName = event.displayName();
        e.role = event.role();
        e.organisationId = event.organisationId();
        e.passwordChangeRequired = event.passwordChangeRequired();
        e.createdAt = at;
        entries.save(e);
    }

    @EventHandler
    void on(LoginSucceeded event, @Timestamp Instant at) {
        // A login from one of the owner's addresses does not lift a lock for the others: only an unlock does.
        entries.findById(event.username()).ifPresent(e -> e.lastLoginAt = at);
    }

    @EventHandler
    void on(AccountLocked event) {
        entries.findById(event.username()).ifPresent(e -> e.lockedUntil = event.lockedUntil());
    }

    @EventHandler
    void on(AccountUnlocked event) {
        entries.findById(event.username()).ifPresent(e -> e.lockedUntil = null);
    }

    @EventHandler
    void on(PasswordChanged event) {
        entries.findById(event.username()).ifPresent(e -> e.passwordChangeRequired = false);
    }

    @ResetHandler
    void reset() {
        entries.deleteAllInBatch();
    }
}
