package cn.unioncard.registry.query.account;

import cn.unioncard.registry.events.account.AccountLocked;
import cn.unioncard.registry.events.account.AccountUnlocked;
import cn.unioncard.registry.events.account.LoginSucceeded;
import cn.unioncard.registry.events.account.PasswordChanged;
import cn.unioncard.registry.events.account.PasswordReset;
import cn.unioncard.registry.events.account.UserAccountCreated;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import cn.unioncard.registry.query.projection.StorableText;
import cn.unioncard.registry.query.union.UnionPaths;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The account directory. A pooled streaming processor (tokens in PostgreSQL, written in the same
 * transaction as these rows), so it can be replayed and shared between instances. It writes with
 * plain JDBC: a failing JPA flush would mark the whole batch rollback-only, so the event could not
 * be parked as a dead letter while the rest of the batch commits. Each row keeps its union's path
 * (a union never moves), so the directory answers scope from its own table.
 */
@Component
@ProcessingGroup("accounts")
class AccountProjection {

    private final JdbcTemplate jdbc;
    private final UnionPaths unions;

    /** Streams: 2 threads over 4 segments, 100 events per transaction. */
    @Bean
    static ProcessorSettings accountsProcessor() {
        return ProcessorSettings.pooled("accounts", 2, 4, 100).projecting("account_view");
    }

    AccountProjection(JdbcTemplate jdbc, UnionPaths unions) {
        this.jdbc = jdbc;
        this.unions = unions;
    }

    @EventHandler
    void on(UserAccountCreated event, @Timestamp Instant at) {
        jdbc.update("""
                        insert into account_view (username, display_name, role, organisation_id, union_path,
                            password_change_required, created_at)
                        values (?,?,?,?,?,?,?) on conflict do nothing""",
                StorableText.of(event.username()), StorableText.of(event.displayName()), event.role().name(),
                StorableText.of(event.organisationId()),
                unions.pathOf(StorableText.of(event.organisationId())).orElse(null),
                event.passwordChangeRequired(), java.sql.Timestamp.from(at));
    }

    @EventHandler
    void on(LoginSucceeded event, @Timestamp Instant at) {
        // A login from one of the owner's addresses does not lift a lock for the others: only an unlock does.
        jdbc.update("update account_view set last_login_at = ? where username = ?",
                java.sql.Timestamp.from(at), StorableText.of(event.username()));
    }

    @EventHandler
    void on(AccountLocked event) {
        jdbc.update("update account_view set locked_until = ? where username = ?",
                event.lockedUntil() == null ? null : java.sql.Timestamp.from(event.lockedUntil()),
                StorableText.of(event.username()));
    }

    @EventHandler
    void on(AccountUnlocked event) {
        jdbc.update("update account_view set locked_until = null where username = ?",
                StorableText.of(event.username()));
    }

    @EventHandler
    void on(PasswordChanged event) {
        jdbc.update("update account_view set password_change_required = false where username = ?",
                StorableText.of(event.username()));
    }

    /** A reset lifts the locks too, and the new password must be changed at the next login. */
    @EventHandler
    void on(PasswordReset event) {
        jdbc.update("update account_view set password_change_required = true, locked_until = null where username = ?",
                StorableText.of(event.username()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from account_view");
    }
}
