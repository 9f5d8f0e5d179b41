package cn.unioncard.registry.ops.axon;

import org.junit.jupiter.api.Test;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** The driver's ways of reporting a unique violation on an append, and one that is something else. */
class DuplicateAppendsTest {

    private final DuplicateAppends resolver = new DuplicateAppends();

    @Test
    void a_unique_violation_behind_a_batch_update_is_a_concurrent_append() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", "23505", new int[0]);
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException("append", batch))).isTrue();
    }

    @Test
    void a_unique_violation_named_only_by_the_next_exception_is_one_too() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batch.setNextException(new SQLException("duplicate key value", "23505"));
        assertThat(resolver.isDuplicateKeyViolation(batch)).isTrue();
    }

    @Test
    void a_lost_connection_or_another_refusal_is_not() {
        assertThat(resolver.isDuplicateKeyViolation(new RuntimeException(new SQLException("gone", "08006"))))
                .isFalse();
        assertThat(resolver.isDuplicateKeyViolation(new SQLException("check violated", "23514"))).isFalse();
    }
}
