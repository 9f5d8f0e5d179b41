package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.query.union.UnionPaths;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** The batch projection's writes, plain JDBC: a batch's members go in as arrays, in one statement. */
@Component
class BatchRows {

    private final JdbcTemplate jdbc;
    private final String insertHeader;

    BatchRows(JdbcTemplate jdbc, UnionPaths unions) {
        this.jdbc = jdbc;
        // The union's path is copied into the row (as member_view does) so list queries never join.
        this.insertHeader = """
                insert into batch_view (batch_id, union_id, union_path, status, member_count, debit_credit_count,
                    content_hash, replaces, submitted_at, submitted_by, on_behalf, version, updated_at)
                select ?, ?, path, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from (select %s as path) p
                where path is not null""".formatted(unions.pathExpression());
    }

    /** Fails, changing nothing, when the union is not in the directory (it is, in the same transaction). */
    void insert(BatchSubmitted e, long version, Instant at) {
        Timestamp when = Timestamp.from(at);
        int debitCredit = (int) e.members().stream().filter(BatchMember::debitCredit).count();
        if (jdbc.update(insertHeader, e.batchId(), e.unionId(), BatchStatus.SUBMITTED.name(), e.count(), debitCredit,
                e.contentHash(), e.replaces(), when, e.submittedBy(), e.onBehalf(), version, when, e.unionId()) != 1) {
            throw new EmptyResultDataAccessException(1);
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into batch_member_view (batch_id, member_id, submitted_version, debit_credit, state)
                    select ?, m.id, m.version, m.debit_credit, 'SUBMITTED'
                    from unnest(?::varchar[], ?::bigint[], ?::boolean[]) as m(id, version, debit_credit)""")) {
                s.setString(1, e.batchId());
                s.setArray(2, c.createArrayOf("varchar", e.members().stream().map(BatchMember::memberId).toArray()));
                s.setArray(3, c.createArrayOf("bigint", e.members().stream().map(BatchMember::version).toArray()));
                s.setArray(4, c.createArrayOf("boolean", e.members().stream().map(BatchMember::debitCredit).toArray()));
                s.executeUpdate();
            }
            return null;
        });
        if (e.replaces() != null) {
            jdbc.update("update batch_view set replaced_by = ? where batch_id = ?", e.batchId(), e.replaces());
        }
    }

    void reviewed(String batchId, BatchStatus status, int approved, String reviewerUnionId, String reason,
                  String reviewedBy, long version, Instant at) {
        Timestamp when = Timestamp.from(at);
        jdbc.update("""
                update batch_view set status = ?, approved_count = ?, reviewer_union_id = ?, rejection_reason = ?,
                    reviewed_by = ?, reviewed_at = ?, version = ?, updated_at = ?
                where batch_id = ?""", status.name(), approved, reviewerUnionId, reason, reviewedBy, when, version,
                when, batchId);
    }

    /** Every still-submitted member but {@code except} (returned) moves to {@code state}; {@code except} to RETURNED. */
    void members(String batchId, List<String> except, String state) {
        jdbc.update("""
                update batch_member_view set state = case when member_id = any (?) then 'RETURNED' else ? end
                where batch_id = ? and state = 'SUBMITTED'""", except.toArray(String[]::new), state, batchId);
    }

    /** An erased member stays erased, without a reason (an erased member's reason reads as erased anyway). */
    void returned(String batchId, String memberId, String reason, long version, Instant at) {
        jdbc.update("""
                update batch_member_view set state = 'RETURNED', returned_reason = ?
                where batch_id = ? and member_id = ? and state <> 'ERASED'""", reason, batchId, memberId);
        touch(batchId, version, at);
    }

    void handedOver(BatchHandedToBank e, long version, Instant at) {
        Timestamp when = Timestamp.from(at);
        jdbc.update("""
                update batch_view set status = ?, handed_over_on = ?, bank_branch = ?, carried_by = ?, version = ?,
                    updated_at = ? where batch_id = ?""", BatchStatus.HANDED_TO_BANK.name(),
                java.sql.Date.valueOf(e.handedOverOn()), e.branch(), e.carriedBy(), version, when, e.batchId());
    }

    void erased(String batchId, String memberId, boolean afterHandover, long version, Instant at) {
        int changed = jdbc.update("""
                update batch_member_view set state = 'ERASED', returned_reason = null
                where batch_id = ? and member_id = ? and state <> 'ERASED'""", batchId, memberId);
        Timestamp when = Timestamp.from(at);
        jdbc.update("""
                update batch_view set erased_count = erased_count + ?, erased_after_handover = erased_after_handover + ?,
                    version = ?, updated_at = ? where batch_id = ?""", changed, afterHandover ? changed : 0, version,
                when, batchId);
    }

    /** Clears the member's returned reasons in every batch (served by batch_member_view_member). */
    void forget(String memberId) {
        jdbc.update("update batch_member_view set returned_reason = null where member_id = ? and returned_reason is not null",
                memberId);
    }

    private void touch(String batchId, long version, Instant at) {
        jdbc.update("update batch_view set version = ?, updated_at = ? where batch_id = ?", version,
                Timestamp.from(at), batchId);
    }
}
