package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.events.batch.BatchStatus;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * What cards may know about batches, so that only this package names {@code batch_lookup} and
 * {@code batch_membership}: a batch's union and state (the hand-over included) and which members it holds.
 */
@Component
public class BatchFacts {

    /** A batch's union and where it stands. */
    public record Fact(String batchId, String unionId, BatchStatus status) {
    }

    private final JdbcTemplate jdbc;

    BatchFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Fact> find(String batchId) {
        return query("select batch_id, union_id, state, handed_to_bank from batch_lookup where batch_id = ?", batchId);
    }

    /**
     * Like {@link #find}, the row locked to the end of the caller's transaction: a batch's bank-return rows
     * are tried one after another, and a member is held by one batch only, so no two issuances race for a member.
     */
    public Optional<Fact> lock(String batchId) {
        return query("select batch_id, union_id, state, handed_to_bank from batch_lookup where batch_id = ? for update",
                batchId);
    }

    /** Those of {@code memberIds} the batch holds as approved (not returned, excluded or erased). */
    public List<String> approvedAmong(String batchId, Collection<String> memberIds) {
        return jdbc.execute((ConnectionCallback<List<String>>) c -> {
            try (PreparedStatement s = c.prepareStatement("select member_id from batch_membership "
                    + "where batch_id = ? and member_id = any(?) and state = 'APPROVED' order by member_id")) {
                s.setString(1, batchId);
                s.setArray(2, c.createArrayOf("varchar", memberIds.toArray()));
                List<String> held = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        held.add(rs.getString(1));
                    }
                }
                return held;
            }
        });
    }

    private Optional<Fact> query(String sql, String batchId) {
        return jdbc.query(sql, (rs, i) -> new Fact(rs.getString(1), rs.getString(2),
                rs.getBoolean(4) ? BatchStatus.HANDED_TO_BANK : BatchStatus.valueOf(rs.getString(3))), batchId)
                .stream().findFirst();
    }
}
