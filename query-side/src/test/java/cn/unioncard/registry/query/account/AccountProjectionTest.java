package cn.unioncard.registry.query.account;

import cn.unioncard.registry.events.account.AccountLocked;
import cn.unioncard.registry.events.account.AccountUnlocked;
import cn.unioncard.registry.events.account.LoginSucceeded;
import cn.unioncard.registry.events.account.PasswordChanged;
import cn.unioncard.registry.events.account.PasswordReset;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UserAccountCreated;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ProjectionTest
class AccountProjectionTest {

    static final Instant T0 = Instant.parse("2026-11-27T02:00:00Z");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    UnionPaths unions;

    AccountProjection projection;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("account_view");
        projection = new AccountProjection(jdbc, unions);
    }

    /** One event in a transaction of its own, as the event processor hands it over. */
    void handle(Runnable handler) {
        tx.executeWithoutResult(s -> handler.run());
    }

    Map<String, Object> row(String username) {
        return jdbc.queryForMap("select * from account_view where username = ?", username);
    }

    @Test
    void aCreatedAccountMustChangeItsPasswordUntilItDoes() {
        handle(() -> projection.on(new UserAccountCreated("0100001", "某某公司工会", Role.UNION_OPERATOR, "g-1", true),
                T0));
        assertThat(row("0100001")).containsEntry("display_name", "某某公司工会").containsEntry("role", "UNION_OPERATOR")
                .containsEntry("organisation_id", "g-1").containsEntry("password_change_required", true)
                .containsEntry("created_at", Timestamp.from(T0)).containsEntry("last_login_at", null)
                .containsEntry("locked_until", null);

        handle(() -> projection.on(new LoginSucceeded("0100001"), T0.plusSeconds(60)));
        handle(() -> projection.on(new PasswordChanged("0100001")));
        assertThat(row("0100001")).containsEntry("last_login_at", Timestamp.from(T0.plusSeconds(60)))
                .containsEntry("password_change_required", false);
    }

    @Test
    void aLockHoldsUntilAnUnlockNotUntilALogin() {
        handle(() -> projection.on(new UserAccountCreated("auditor", "审计员", Role.AUDITOR, "city", false), T0));
        Instant until = T0.plusSeconds(900);
        handle(() -> projection.on(new AccountLocked("auditor", until)));
        handle(() -> projection.on(new LoginSucceeded("auditor"), T0.plusSeconds(60)));
        assertThat(row("auditor")).containsEntry("locked_until", Timestamp.from(until));

        handle(() -> projection.on(new AccountUnlocked("auditor")));
        assertThat(row("auditor")).containsEntry("locked_until", null);
    }

    @Test
    void aPasswordResetLiftsTheLockAndRequiresAChangeAgain() {
        handle(() -> projection.on(new UserAccountCreated("0100002", "某某公司工会", Role.UNION_OPERATOR, "g-1", true),
                T0));
        handle(() -> projection.on(new PasswordChanged("0100002")));
        handle(() -> projection.on(new AccountLocked("0100002", T0.plusSeconds(900))));
        handle(() -> projection.on(new PasswordReset("0100002")));
        assertThat(row("0100002")).containsEntry("password_change_required", true)
                .containsEntry("locked_until", null);
    }

    @Test
    void aRedeliveredCreationKeepsTheFirstRow() {
        handle(() -> projection.on(new UserAccountCreated("auditor", "审计员", Role.AUDITOR, "city", false), T0));
        handle(() -> projection.on(new PasswordChanged("auditor")));
        handle(() -> projection.on(new UserAccountCreated("auditor", "审计员", Role.AUDITOR, "city", true),
                T0.plusSeconds(5)));
        assertThat(jdbc.queryForObject("select count(*) from account_view", Long.class)).isEqualTo(1);
        assertThat(row("auditor")).containsEntry("created_at", Timestamp.from(T0))
                .containsEntry("password_change_required", false);
    }

    @Test
    void aNulInADisplayNameIsStoredAsAReplacementCharacter() {
        handle(() -> projection.on(new UserAccountCreated("dpo", "数据\u0000保护", Role.DPO, "city", true), T0));
        assertThat(row("dpo")).containsEntry("display_name", "数据\uFFFD保护");
    }

    @Test
    void aResetEmptiesTheDirectoryForAReplay() {
        handle(() -> projection.on(new UserAccountCreated("dpo", "数据保护", Role.DPO, "city", true), T0));
        handle(projection::reset);
        assertThat(jdbc.queryForObject("select count(*) from account_view", Long.class)).isZero();
    }
}
