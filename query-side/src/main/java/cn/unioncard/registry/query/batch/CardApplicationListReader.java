package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.query.member.HeldDetails;
import cn.unioncard.registry.query.union.UnionLabels;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the card application list needs of a batch: its row in batch_view, its approved members with their
 * full details (asked of the member directory), and the names of the union and of its reviewer's union.
 */
@Component
class CardApplicationListReader {

    /** The batch as the list heads it; {@code reviewedAt} and {@code reviewerUnionId} are null until reviewed. */
    record Batch(String batchId, String unionId, String unionPath, BatchStatus status, String contentHash,
                 Instant reviewedAt, String reviewerUnionId) {
    }

    /** An approved member of the batch, flagged when applying for a debit-credit card. */
    record Approved(String memberId, boolean debitCredit) {
    }

    /** The registry's dates are Xiamen's. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final JdbcTemplate jdbc;
    private final HeldDetails members;
    private final UnionLabels unions;

    CardApplicationListReader(JdbcTemplate jdbc, HeldDetails members, UnionLabels unions) {
        this.jdbc = jdbc;
        this.members = members;
        this.unions = unions;
    }

    /** The list of an approved batch; a member erased since approval is left off (there is nothing to print). */
    CardApplicationList list(Batch batch) {
        Map<String, Boolean> debitCredit = approved(batch.batchId()).stream()
                .collect(Collectors.toMap(Approved::memberId, Approved::debitCredit));
        List<CardApplicationList.Line> lines = members.of(debitCredit.keySet()).stream()
                .map(m -> new CardApplicationList.Line(m.memberId(), m.details(), debitCredit.get(m.memberId())))
                .toList();
        UnionLabels.Label union = unions.of(batch.unionId()).orElse(new UnionLabels.Label(batch.unionId(), "", null));
        String reviewer = unions.of(batch.reviewerUnionId()).map(UnionLabels.Label::name).orElse(null);
        return new CardApplicationList(union.name(), union.systemCode(), batch.batchId(),
                batch.reviewedAt() == null ? null : batch.reviewedAt().atZone(ZONE).toLocalDate(), reviewer,
                batch.contentHash(), lines);
    }

    /** The union's name and system code, for the 委托书. */
    UnionLabels.Label unionOf(Batch batch) {
        return unions.of(batch.unionId()).orElse(new UnionLabels.Label(batch.unionId(), "", null));
    }

    Optional<Batch> batch(String batchId) {
        return jdbc.query("""
                select batch_id, union_id, union_path, status, content_hash, reviewed_at, reviewer_union_id
                from batch_view where batch_id = ?""", (rs, i) -> new Batch(rs.getString(1), rs.getString(2),
                rs.getString(3), BatchStatus.valueOf(rs.getString(4)), rs.getString(5).trim(),
                rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant(), rs.getString(7)), batchId)
                .stream().findFirst();
    }

    /** The members approved and still on it: returned and erased members are not. */
    List<Approved> approved(String batchId) {
        return jdbc.query("""
                select member_id, debit_credit from batch_member_view where batch_id = ? and state = 'APPROVED'""",
                (rs, i) -> new Approved(rs.getString(1), rs.getBoolean(2)), batchId);
    }
}
