package cn.unioncard.registry.command.batch;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * A batch's union (for scope before the batch is loaded) and the outcome of its review, with the
 * batch that resubmitted it: a rejected or partly approved batch is replaced at most once.
 */
@Component
class BatchLookup {

    private final JdbcTemplate jdbc;

    BatchLookup(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void add(String batchId, String unionId) {
        jdbc.update("insert into batch_lookup (batch_id, union_id, state) values (?, ?, 'SUBMITTED')", batchId, unionId);
    }

    Optional<String> unionOf(String batchId) {
        return jdbc.queryForList("select union_id from batch_lookup where batch_id = ?", String.class, batchId).stream()
                .findFirst();
    }

    /** APPROVED, PARTLY_APPROVED or REJECTED, in the review's own transaction. */
    void reviewed(String batchId, String outcome) {
        jdbc.update("update batch_lookup set state = ? where batch_id = ?", outcome, batchId);
    }

    /** The batch was handed to the bank (its review outcome stays: resubmission reads it). */
    void handedToBank(String batchId) {
        jdbc.update("update batch_lookup set handed_to_bank = true where batch_id = ?", batchId);
    }

    /**
     * Records that {@code batchId} resubmits {@code replaced}: only a batch of the same union whose
     * review returned members, and only once (the row lock serialises two resubmissions).
     */
    boolean replace(String replaced, String unionId, String batchId) {
        return jdbc.update("""
                update batch_lookup set replaced_by = ? where batch_id = ? and union_id = ?
                and state in ('REJECTED', 'PARTLY_APPROVED') and replaced_by is null""", batchId, replaced, unionId) == 1;
    }
}
