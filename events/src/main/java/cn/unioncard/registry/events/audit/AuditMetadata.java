package cn.unioncard.registry.events.audit;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metadata keys every command carries and every event inherits. Kept as plain strings so that
 * an auditor's tool can read them from the stored metadata without this code.
 */
public final class AuditMetadata {
    public static final String USER = "actor.user";
    public static final String ROLE = "actor.role";
    public static final String ORGANISATION = "actor.organisation";
    public static final String CLIENT_ADDRESS = "actor.clientAddress";
    public static final String CORRELATION_ID = "correlationId";
    public static final String PURPOSE = "purpose";

    /** Every key, in the order they are written. */
    public static final String[] KEYS = {USER, ROLE, ORGANISATION, CLIENT_ADDRESS, CORRELATION_ID, PURPOSE};

    private AuditMetadata() {
    }

    public static Map<String, String> of(Actor actor) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(USER, actor.username());
        m.put(ROLE, actor.role().name());
        m.put(ORGANISATION, actor.organisationId() == null ? "" : actor.organisationId());
        m.put(CLIENT_ADDRESS, actor.clientAddress() == null ? "" : actor.clientAddress());
        m.put(CORRELATION_ID, actor.correlationId() == null ? "" : actor.correlationId());
        if (actor.purpose() != null && !actor.purpose().isBlank()) {
            m.put(PURPOSE, actor.purpose());
        }
        return m;
    }

    /** Reads an actor back from message metadata; {@code null} when the message has none. */
    public static Actor from(Map<String, ?> metadata) {
        Object user = metadata.get(USER);
        Object role = metadata.get(ROLE);
        if (user == null || role == null) {
            return null;
        }
        return new Actor(user.toString(), Role.valueOf(role.toString()), str(metadata.get(ORGANISATION)),
                str(metadata.get(CLIENT_ADDRESS)), str(metadata.get(CORRELATION_ID)), str(metadata.get(PURPOSE)));
    }

    private static String str(Object o) {
        return o == null || o.toString().isEmpty() ? null : o.toString();
    }
}
