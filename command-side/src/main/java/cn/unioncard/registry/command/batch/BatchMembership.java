package cn.unioncard.registry.command.batch;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which batch holds a member, written in the command's transaction. A partial unique index allows
 * one open-or-approved batch per member, so two concurrent submissions of one member cannot both
 * commit; rejection, exclusion and erasure free the member (the row stays, FREED, for the record).
 */
@Component
class BatchMembership {

    private final JdbcTemplate jdbc;

    BatchMembership(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The open or approved batch holding each of these members, by member id (absent: free). */
    Map<String, String> holders(Collection<String> memberIds) {
        Map<String, String> held = new HashMap<>();
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "select member_id, batch_id from batch_membership where member_id = any(?) and state <> 'FREED'")) {
                s.setArray(1, c.createArrayOf("varchar", memberIds.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        held.put(rs.getString(1), rs.getString(2));
                    }
                }
            }
            return null;
        });
        return held;
    }

    /**
     * Holds the members for the batch. A concurrent submission of one of them waits on the unique
     * index and then skips it: answers the members another batch got first (empty: all held here).
     */
    Set<String> hold(String batchId, List<String> memberIds) {
        Set<String> inserted = new HashSet<>(jdbc.execute((ConnectionCallback<List<String>>) c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    insert into batch_membership (member_id, batch_id, state)
                    select m, ?, 'OPEN' from unnest(?::varchar[]) as t(m)
                    on conflict (member_id) where state <> 'FREED' do nothing returning member_id""")) {
                s.setString(1, batchId);
                // In id order: two submissions of overlapping members wait for each other, never deadlock.
                s.setArray(2, c.createArrayOf("varchar", memberIds.stream().sorted().toArray()));
                List<String> done = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        done.add(rs.getString(1));
                    }
                }
                return done;
            }
        }));
        Set<String> taken = new HashSet<>(memberIds);
        taken.removeAll(inserted);
        return taken;
    }

    /** The batch was approved: its members stay held, except {@code returned}, who are free again. */
    void approve(String batchId, Collection<String> returned) {
        jdbc.update("update batch_membership set state = 'APPROVED' where batch_id = ? and state = 'OPEN'", batchId);
        free(batchId, returned);
    }

    /** The batch was rejected: all its members are free again. */
    void reject(String batchId) {
        jdbc.update("update batch_membership set state = 'FREED' where batch_id = ?", batchId);
    }

    /** The open or approved batches holding the member (read without a lock: the caller locks each batch). */
    List<String> holding(String memberId) {
        return jdbc.queryForList("select batch_id from batch_membership where member_id = ? and state <> 'FREED' "
                + "order by batch_id", String.class, memberId);
    }

    /** The member left the batch (erased, or returned after a change): free for another batch. */
    void free(String batchId, String memberId) {
        jdbc.update("update batch_membership set state = 'FREED' where batch_id = ? and member_id = ?", batchId, memberId);
    }

    private void free(String batchId, Collection<String> memberIds) {
        if (!memberIds.isEmpty()) {
            jdbc.update(c -> {
                PreparedStatement s = c.prepareStatement(
                        "update batch_membership set state = 'FREED' where batch_id = ? and member_id = any(?)");
                s.setString(1, batchId);
                s.setArray(2, c.createArrayOf("varchar", memberIds.toArray()));
                return s;
            });
        }
    }
}
