package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.batch.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One batch as a reviewer reads it: its row, a page of its members in member id order (the primary
 * key's order, so a page of a 5,000-member batch is an index range) and, for the members on the page,
 * the other open or approved batch that holds each (by batch_member_view_member).
 */
@Component
class BatchReview {

    /** The header's fields the list does not show. */
    record More(String submittedBy, String reviewedBy, String rejectionReason, String bankBranch, String carriedBy) {
    }

    record Member(String memberId, long submittedVersion, boolean debitCredit, String state, String returnedReason) {
    }

    record Members(List<Member> rows, String next) {
    }

    static final String MEMBERS = """
            select member_id, submitted_version, debit_credit, state, returned_reason from batch_member_view
            where batch_id = ?""";
    static final String MEMBER_ORDER = " order by member_id offset ? rows fetch first ? rows only";
    static final String OTHER_BATCHES = """
            select m.member_id, min(m.batch_id) from batch_member_view m join batch_view b on b.batch_id = m.batch_id
            where m.member_id = any (?) and m.batch_id <> ? and m.state in ('SUBMITTED', 'APPROVED')
              and b.status = any (?)
            group by m.member_id""";
    static final String MEMBER_AFTER = " and member_id > ? order by member_id fetch first ? rows only";

    /** The batch states that hold their members: waiting, or approved (before or after the hand-over). */
    static final String[] HOLDING = Arrays.stream(BatchStatus.values()).filter(s -> s.open() || s.approved())
            .map(Enum::name).toArray(String[]::new);

    private final JdbcTemplate jdbc;

    BatchReview(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<BatchListing.Row> header(String batchId) {
        return jdbc.query(BatchListing.HEAD + "where batch_id = ?", BatchListing.ROW, batchId).stream().findFirst();
    }

    More more(String batchId) {
        return jdbc.queryForObject("""
                select submitted_by, reviewed_by, rejection_reason, bank_branch, carried_by from batch_view
                where batch_id = ?""", (rs, n) -> new More(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5)), batchId);
    }

    /** Page {@code page} of {@code size}, or the {@code size} members after {@code afterId} when it is given. */
    Members members(String batchId, int page, int size, String afterId) {
        List<Member> rows = new ArrayList<>(afterId == null
                ? jdbc.query(MEMBERS + MEMBER_ORDER, BatchReview::member, batchId, (long) page * size, size + 1)
                : jdbc.query(MEMBERS + MEMBER_AFTER, BatchReview::member, batchId, afterId, size + 1));
        boolean more = rows.size() > size;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        return new Members(List.copyOf(rows), more ? rows.get(rows.size() - 1).memberId() : null);
    }

    /** For each of {@code memberIds} held by another open or approved batch (not returned, not erased): that batch. */
    Map<String, String> otherBatches(String batchId, List<String> memberIds) {
        Map<String, String> other = new HashMap<>();
        if (memberIds.isEmpty()) {
            return other;
        }
        jdbc.query(OTHER_BATCHES, rs -> {
            other.put(rs.getString(1), rs.getString(2));
        }, memberIds.toArray(String[]::new), batchId, HOLDING);
        return other;
    }

    private static Member member(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Member(rs.getString(1), rs.getLong(2), rs.getBoolean(3), rs.getString(4), rs.getString(5));
    }
}
