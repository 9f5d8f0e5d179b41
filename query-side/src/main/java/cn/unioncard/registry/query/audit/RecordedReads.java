package cn.unioncard.registry.query.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** The reads of a member's data that the access log has indexed (member_access), oldest first. */
@Component
public class RecordedReads {

    /** One indexed read, as {@link AccessLogProjection} stored it. */
    public record RecordedRead(String accessId, Instant accessedAt, String user, String role, String organisation,
                               String clientAddress, String correlationId, List<String> fields, boolean revealed,
                               String purpose, String endpoint) {
    }

    private final JdbcTemplate jdbc;

    RecordedReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<RecordedRead> of(String memberId) {
        return jdbc.query("""
                select access_id, accessed_at, actor_user, actor_role, actor_organisation, client_address,
                       correlation_id, fields, revealed, purpose, endpoint
                from member_access where member_id = ? order by accessed_at, access_id""",
                (rs, i) -> new RecordedRead(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        Arrays.asList(rs.getString(8).split(",")), rs.getBoolean(9), rs.getString(10),
                        rs.getString(11)), memberId);
    }
}
