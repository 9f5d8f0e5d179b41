package cn.unioncard.registry.command.das;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The offline_key table: the keys an import checks a file against, kept in step with the key events. */
@Component
class OfflineKeyLookup {

    record Key(String keyId, String unionId, String publicKey, Instant issuedAt, String issuedBy, Instant revokedAt,
               String replacedBy) {
        boolean revoked() {
            return revokedAt != null;
        }
    }

    private final JdbcTemplate jdbc;

    OfflineKeyLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void issued(String keyId, String unionId, String publicKey, Instant at, String by) {
        jdbc.update("insert into offline_key (key_id, union_id, public_key, issued_at, issued_by) values (?,?,?,?,?)",
                keyId, unionId, publicKey, Timestamp.from(at), by);
    }

    void revoked(String keyId, Instant at, String replacedBy) {
        jdbc.update("update offline_key set revoked_at = ?, replaced_by = ? where key_id = ?", Timestamp.from(at),
                replacedBy, keyId);
    }

    Optional<Key> find(String keyId) {
        return jdbc.query("select * from offline_key where key_id = ?", (rs, i) -> key(rs), keyId).stream().findFirst();
    }

    /** The union's keys, newest first. */
    List<Key> ofUnion(String unionId) {
        return jdbc.query("select * from offline_key where union_id = ? order by issued_at desc, key_id",
                (rs, i) -> key(rs), unionId);
    }

    private static Key key(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp revoked = rs.getTimestamp("revoked_at");
        return new Key(rs.getString("key_id"), rs.getString("union_id"), rs.getString("public_key"),
                rs.getTimestamp("issued_at").toInstant(), rs.getString("issued_by"),
                revoked == null ? null : revoked.toInstant(), rs.getString("replaced_by"));
    }
}
