package cn.unioncard.registry.command.account;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.OptionalLong;

/**
 * The account's current token version, which a bearer token must carry to be accepted: a password
 * change moves it on in the transaction of its event, so every instance on the
 * database refuses older tokens at once. One primary-key lookup per request.
 */
@Component
public class TokenVersions {

    private final JdbcTemplate jdbc;

    public TokenVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Empty when no account has the name. */
    public OptionalLong current(String username) {
        List<Long> rows = jdbc.queryForList("select token_version from account_credential where username = ?",
                Long.class, username);
        return rows.isEmpty() ? OptionalLong.empty() : OptionalLong.of(rows.get(0));
    }
}
