package cn.unioncard.registry.ops.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-hashes the sealed chain after a recorded, deliberate rewrite of stored events (the one-off
 * re-encryption of V9). Runs as the schema owner inside that migration, with the append-only
 * triggers paused by it. The old head and the checkpoints signed over the old bytes are kept in
 * chain_rebase and chain_checkpoint_superseded, so the rewrite itself stays on the record.
 */
public final class ChainRebase {

    private ChainRebase() {
    }

    /** Re-hashes every seal in order; answers the new head (or null on an unsealed store). */
    public static byte[] rebase(JdbcTemplate owner, String reason, long eventsChanged) {
        byte[] oldHead = head(owner);
        Long sealedThrough = owner.queryForObject("select max(global_index) from event_seal", Long.class);
        byte[] previous = StoredEvent.genesis();
        List<Object[]> hashes = new ArrayList<>();
        for (StoredEvent e : owner.query("select " + StoredEvents.columns("e.") + " from domain_event_entry e "
                + "join event_seal s on s.global_index = e.global_index order by e.global_index", StoredEvents::map)) {
            previous = e.chain(previous);
            hashes.add(new Object[]{previous, e.globalIndex()});
        }
        owner.batchUpdate("update event_seal set hash = ? where global_index = ?", hashes);
        byte[] newHead = head(owner);
        Long rebase = owner.queryForObject("insert into chain_rebase (reason, events_changed, sealed_through, "
                + "old_head_hash, new_head_hash) values (?,?,?,?,?) returning id", Long.class,
                reason, eventsChanged, sealedThrough, oldHead, newHead);
        owner.update("insert into chain_checkpoint_superseded (rebase_id, position, hash, signed_at, signature, key_id) "
                + "select ?, position, hash, signed_at, signature, key_id from chain_checkpoint", rebase);
        owner.update("delete from chain_checkpoint");
        return newHead;
    }

    private static byte[] head(JdbcTemplate jdbc) {
        return jdbc.query("select hash from event_seal order by global_index desc limit 1",
                rs -> rs.next() ? rs.getBytes(1) : null);
    }
}
