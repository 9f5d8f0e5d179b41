package cn.unioncard.registry.ops.idempotency;

import cn.unioncard.registry.ops.RegistryProperties;
import cn.unioncard.registry.privacy.MasterKey;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The answers given to keyed commands, kept for {@code registry.idempotency.retention} (a day).
 * An answer may hold a one-time password, so it is stored sealed under the master key, bound to
 * its user and key; only the request's fingerprint is in clear.
 */
@Component
class IdempotencyRecords {

    record Answer(String fingerprint, Object result) {
    }

    private final JdbcTemplate jdbc;
    private final MasterKey master;
    private final ObjectMapper json;
    private final Duration retention;

    IdempotencyRecords(JdbcTemplate jdbc, MasterKey master, ObjectMapper json, RegistryProperties properties) {
        this.jdbc = jdbc;
        this.master = master;
        this.json = json;
        this.retention = properties.idempotency().retention();
    }

    /**
     * Claims the key for a request with this fingerprint: true if it is new (or its record expired).
     * A twin claiming at the same moment waits here until the first commits, then gets false.
     */
    boolean claim(String user, String key, String fingerprint) {
        jdbc.update("delete from idempotency_record where actor_user = ? and idempotency_key = ? "
                + "and created_at <= now() - ?::interval", user, key, retention.toSeconds() + " seconds");
        return jdbc.update("insert into idempotency_record (actor_user, idempotency_key, fingerprint) values (?, ?, ?) "
                + "on conflict (actor_user, idempotency_key) do nothing", user, key, fingerprint) == 1;
    }

    /** The committed answer to a claimed key. */
    Answer find(String user, String key) {
        return jdbc.query("select fingerprint, result from idempotency_record where actor_user = ? "
                + "and idempotency_key = ?", rs -> {
            if (!rs.next() || rs.getBytes(2) == null) {
                // Claimed and answered in one transaction, so a committed claim always has its answer.
                throw new IllegalStateException("an idempotency record without its answer");
            }
            return new Answer(rs.getString(1), open(user, key, rs.getBytes(2)));
        }, user, key);
    }

    void answer(String user, String key, Object result) {
        jdbc.update("update idempotency_record set result = ? where actor_user = ? and idempotency_key = ?",
                seal(user, key, result), user, key);
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetExpired() {
        jdbc.update("delete from idempotency_record where created_at <= now() - ?::interval",
                retention.toSeconds() + " seconds");
    }

    private byte[] seal(String user, String key, Object result) {
        ObjectNode stored = json.createObjectNode();
        stored.put("type", result == null ? null : result.getClass().getName());
        stored.set("value", json.valueToTree(result));
        try {
            return master.seal(context(user, key), json.writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object open(String user, String key, byte[] sealed) {
        try {
            JsonNode stored = json.readTree(master.open(context(user, key), sealed));
            String type = stored.path("type").isNull() ? null : stored.path("type").asText();
            if (type == null) {
                return null;
            }
            // Written by this class only (the seal proves it); still, only the registry's and Java's own types.
            if (!type.startsWith("cn.unioncard.registry.") && !type.startsWith("java.lang.")) {
                throw new IllegalStateException("an idempotency record names an unexpected type");
            }
            return json.treeToValue(stored.get("value"), Class.forName(type));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("an idempotency record names a type that no longer exists", e);
        }
    }

    private static String context(String user, String key) {
        return "idempotency:" + user + ":" + key;
    }
}
