package cn.unioncard.registry.query.audit.alert;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Reads the alerts as the projection and acknowledgements left them, newest first. */
@Component
class AlertListing {

    /** One alert row. */
    record Alert(String alertId, String rule, String actor, String clientAddress, Instant raisedAt, Instant windowStart,
                 Instant windowEnd, int count, int threshold, List<String> evidence, String state, String acknowledgedBy,
                 Instant acknowledgedAt, String note) {
    }

    /** At most this many alerts in one answer (the newest). */
    static final int MAX = 1000;

    private static final String COLUMNS = """
            select alert_id, rule, actor_user, client_address, raised_at, window_start, window_end, count, threshold,
                   evidence, state, acknowledged_by, acknowledged_at, note from audit_alert""";

    private final JdbcTemplate jdbc;

    AlertListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code state} null: every state. */
    List<Alert> list(String state) {
        return state == null
                ? jdbc.query(COLUMNS + " order by raised_at desc, alert_id limit ?", ROW, MAX)
                : jdbc.query(COLUMNS + " where state = ? order by raised_at desc, alert_id limit ?", ROW, state, MAX);
    }

    Optional<Alert> one(String alertId) {
        return jdbc.query(COLUMNS + " where alert_id = ?", ROW, alertId).stream().findFirst();
    }

    /** Locks the alert's row for an acknowledgement; empty when there is none. */
    Optional<String> lockState(String alertId) {
        return jdbc.queryForList("select state from audit_alert where alert_id = ? for update", String.class, alertId)
                .stream().findFirst();
    }

    private static final RowMapper<Alert> ROW = (rs, i) -> new Alert(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
            rs.getInt(8), rs.getInt(9), strings(rs.getArray(10)), rs.getString(11), rs.getString(12),
            instant(rs.getTimestamp(13)), rs.getString(14));

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
