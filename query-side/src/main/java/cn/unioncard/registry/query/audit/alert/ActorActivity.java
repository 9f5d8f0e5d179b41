package cn.unioncard.registry.query.audit.alert;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One account's changes (actor_activity), reads (member_access, one per recorded read) and denials
 * (access_denial) in a period, oldest first; each list reads one more than the cap to tell it was cut.
 */
@Component
class ActorActivity {

    record Change(Long position, Instant at, String aggregateType, String aggregateId, String type) {
    }

    record Read(String accessId, Instant at, int memberCount, List<String> fields, boolean revealed, String purpose,
                String endpoint) {
    }

    record Denial(String denialId, Instant at, String kind, String method, String endpoint, String clientAddress) {
    }

    private final JdbcTemplate jdbc;

    ActorActivity(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    List<Change> changes(String user, Period p, int limit) {
        return jdbc.query("""
                select position, at, aggregate_type, aggregate_id, type from actor_activity
                where actor_user = ? and at >= ? and at <= ? order by at, position limit ?""",
                (rs, i) -> new Change(rs.getObject(1) == null ? null : rs.getLong(1), rs.getTimestamp(2).toInstant(),
                        rs.getString(3), rs.getString(4), rs.getString(5)),
                user, Timestamp.from(p.from()), Timestamp.from(p.to()), limit);
    }

    List<Read> reads(String user, Period p, int limit) {
        return jdbc.query("""
                select access_id, min(accessed_at) as at, count(*), min(fields), bool_or(revealed), min(purpose),
                       min(endpoint)
                from member_access where actor_user = ? and accessed_at >= ? and accessed_at <= ?
                group by access_id order by at, access_id limit ?""",
                (rs, i) -> new Read(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3),
                        Arrays.asList(rs.getString(4).split(",")), rs.getBoolean(5), rs.getString(6), rs.getString(7)),
                user, Timestamp.from(p.from()), Timestamp.from(p.to()), limit);
    }

    List<Denial> denials(String user, Period p, int limit) {
        return jdbc.query("""
                select denial_id, denied_at, kind, method, endpoint, client_address from access_denial
                where actor_user = ? and denied_at >= ? and denied_at <= ? order by denied_at, denial_id limit ?""",
                (rs, i) -> new Denial(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6)),
                user, Timestamp.from(p.from()), Timestamp.from(p.to()), limit);
    }
}
