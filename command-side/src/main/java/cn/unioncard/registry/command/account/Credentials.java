package cn.unioncard.registry.command.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Password hashes live in their own table, never in events: an event is immutable and would keep
 * an old hash forever. Written in the same transaction as the account's events, like the token
 * version that revokes earlier bearer tokens (see {@link TokenVersions}).
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

    /** The hash and the token version read together, the row locked until the transaction ends. */
    record Current(String hash, long tokenVersion) {
    }

    /**
     * Locks the account's row (a password change waits for a login in progress, and the other way
     * round) and reads what a login checks and issues. A name without an account locks nothing and
     * answers empty, at the cost of the same lookup.
     */
    Optional<Current> lockFor(String username) {
        return jdbc.query("select password_hash, token_version from account_credential where username = ? for update",
                (rs, i) -> new Current(rs.getString(1), rs.getLong(2)), username).stream().findFirst();
    }

    void create(String username, String hash, Instant now) {
        jdbc.update("insert into account_credential (username, password_hash, changed_at) values (?,?,?)",
                username, hash, Timestamp.from(now));
    }

    /** A new password also revokes every token issued under the old one. */
    void replace(String username, String hash, Instant now) {
        jdbc.update("update account_credential set password_hash = ?, changed_at = ?, "
                + "token_version = token_version + 1 where username = ?", hash, Timestamp.from(now), username);
    }

    long tokenVersion(String username) {
        return jdbc.queryForObject("select token_version from account_credential where username = ?", Long.class,
                username);
    }
}
