package cn.unioncard.registry.command.batch;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Batches for other capabilities' tests (cards): their rows in the real batch lookups, as the batch
 * commands leave them after an approval and, if asked, the hand-over.
 */
public final class TestBatches {

    private final JdbcTemplate jdbc;

    public TestBatches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("truncate batch_lookup, batch_membership cascade");
    }

    public BatchFacts facts() {
        return new BatchFacts(jdbc);
    }

    /** An approved batch of the union holding the members, handed to the bank or not. */
    public void approved(String batchId, String unionId, boolean handedToBank, String... memberIds) {
        new BatchLookup(jdbc).add(batchId, unionId);
        new BatchLookup(jdbc).reviewed(batchId, "APPROVED");
        if (handedToBank) {
            new BatchLookup(jdbc).handedToBank(batchId);
        }
        for (String m : memberIds) {
            jdbc.update("insert into batch_membership (member_id, batch_id, state) values (?, ?, 'APPROVED')", m, batchId);
        }
    }

    /** The member left the batch (returned or erased). */
    public void free(String batchId, String memberId) {
        new BatchMembership(jdbc).free(batchId, memberId);
    }
}
