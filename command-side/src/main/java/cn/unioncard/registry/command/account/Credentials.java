package cn.unioncard.registry.command.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Password hashes live in their own table, never in events: an event is immutable and would keep
 * an old hash forever. Written in the same transaction as the account's events.
 */
@Component
class Credentials {

    private final JdbcTemplate jdbc;

    Credentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<String> hashOf(String username) {
        List<String> rows = jdbc.queryForList("select password_hash from account_credential where username = ?",
                String.class, username);
        return rows.stream().findFirst();
    }

    void create(String username, String hash, Instant now) {
        jdbc.update("insert into account_credential (username, password_hash, changed_at) values (?,?,?)",
                username, hash, Timestamp.from(now));
    }

    void replace(String username, String hash, Instant now) {
        jdbc.update("update account_credential set password_hash = ?, changed_at = ? where username = ?",
                hash, Timestamp.from(now), username);
    }
}
