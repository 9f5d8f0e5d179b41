package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.audit.AlertRule;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static cn.unioncard.registry.query.projection.StorableText.of;

/**
 * The alerts' rows and the signals the rules count, by JDBC: every write is an upsert or keyed by the event,
 * so a redelivered event changes nothing. Evidence keeps at most {@link #MAX_EVIDENCE} event ids (the count goes on).
 */
@Component
class AlertRows {

    static final int MAX_EVIDENCE = 1000;

    /** An alert's window so far, as the rules extend it; {@code acknowledgedAt} null while open. */
    record Open(String alertId, Instant windowStart, Instant windowEnd, Instant acknowledgedAt) {

        /** Evidence after the DPO's acknowledgement starts a new alert: an acknowledged one never grows silently. */
        boolean takes(Instant at) {
            return acknowledgedAt == null || !at.isAfter(acknowledgedAt);
        }
    }

    private final JdbcTemplate jdbc;

    AlertRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Same rule, subject and window start: same id, whenever and however often it is computed. */
    static String alertId(AlertRule rule, String subject, Instant windowStart) {
        return UUID.nameUUIDFromBytes((rule.name() + "|" + subject + "|" + windowStart)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Records what one event counts for a rule; false when the event was counted before (a redelivery). */
    boolean signal(AlertRule rule, String subject, String eventId, List<String> items, Instant at) {
        int[] added = jdbc.batchUpdate("""
                insert into alert_signal (rule, subject, event_id, item, at) values (?,?,?,?,?)
                on conflict do nothing""", items.stream().distinct().map(item -> new Object[]{rule.name(), of(subject),
                of(eventId), of(item), Timestamp.from(at)}).toList());
        for (int n : added) {
            if (n != 0) {
                return true;
            }
        }
        return false;
    }

    /** Distinct items counted for the subject from {@code from} (inclusive) to {@code to} (inclusive). */
    int items(AlertRule rule, String subject, Instant from, Instant to) {
        return jdbc.queryForObject("""
                select count(distinct item) from alert_signal where rule = ? and subject = ? and at >= ? and at <= ?""",
                Integer.class, rule.name(), of(subject), Timestamp.from(from), Timestamp.from(to));
    }

    /** The earliest signal from {@code from} on, and the events signalled from then to {@code to}. */
    Instant firstSignal(AlertRule rule, String subject, Instant from, Instant to) {
        return jdbc.queryForObject("""
                select min(at) from alert_signal where rule = ? and subject = ? and at >= ? and at <= ?""",
                Timestamp.class, rule.name(), of(subject), Timestamp.from(from), Timestamp.from(to)).toInstant();
    }

    List<String> events(AlertRule rule, String subject, Instant from, Instant to) {
        return jdbc.queryForList("""
                select event_id from alert_signal where rule = ? and subject = ? and at >= ? and at <= ?
                group by event_id order by min(at), event_id limit ?""", String.class, rule.name(), of(subject),
                Timestamp.from(from), Timestamp.from(to), MAX_EVIDENCE);
    }

    /** The subject's latest alert of the rule whose evidence reaches {@code since} or later. */
    Optional<Open> latest(AlertRule rule, String subject, Instant since) {
        return jdbc.query("""
                select alert_id, window_start, window_end, acknowledged_at from audit_alert
                where rule = ? and subject = ? and window_end >= ? order by window_start desc limit 1""", AlertRows::open,
                rule.name(), of(subject), Timestamp.from(since)).stream().findFirst();
    }

    /** The subject's latest alert of the rule whose window starts at {@code from} or later. */
    Optional<Open> latestStartingFrom(AlertRule rule, String subject, Instant from) {
        return jdbc.query("""
                select alert_id, window_start, window_end, acknowledged_at from audit_alert
                where rule = ? and subject = ? and window_start >= ? order by window_start desc limit 1""",
                AlertRows::open, rule.name(), of(subject), Timestamp.from(from)).stream().findFirst();
    }

    private static Open open(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        Timestamp acknowledged = rs.getTimestamp(4);
        return new Open(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
                acknowledged == null ? null : acknowledged.toInstant());
    }

    void raise(AlertRule rule, String subject, String actor, String address, Instant at, Instant windowStart,
               int count, int threshold, List<String> evidence) {
        jdbc.update("""
                insert into audit_alert (alert_id, rule, subject, actor_user, client_address, raised_at, window_start,
                    window_end, count, threshold, evidence, state)
                values (?,?,?,?,?,?,?,?,?,?,?,'open') on conflict (alert_id) do nothing""",
                alertId(rule, subject, windowStart), rule.name(), of(subject), of(actor), of(address), Timestamp.from(at),
                Timestamp.from(windowStart), Timestamp.from(at), count, threshold,
                evidence.stream().map(e -> of(e)).toArray(String[]::new));
    }

    /** Further evidence: the window reaches {@code at}, the count is recomputed, the event joins the evidence. */
    void extend(String alertId, Instant at, int count, String eventId) {
        jdbc.update("""
                update audit_alert set window_end = greatest(window_end, ?), count = ?,
                    evidence = case when ? = any(evidence) or cardinality(evidence) >= ? then evidence
                                    else array_append(evidence, ?) end
                where alert_id = ?""", Timestamp.from(at), count, of(eventId), MAX_EVIDENCE, of(eventId), alertId);
    }

    /** Acknowledges an open alert; false when there is none open under that id. */
    boolean acknowledge(String alertId, String by, Instant at, String note) {
        return jdbc.update("""
                update audit_alert set state = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, note = ?
                where alert_id = ? and state = 'open'""", of(by), Timestamp.from(at), of(note), alertId) == 1;
    }

    void reset() {
        jdbc.update("delete from audit_alert");
        jdbc.update("delete from alert_signal");
    }
}
