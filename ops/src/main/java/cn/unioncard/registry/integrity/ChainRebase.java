package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.ChainReport;
import cn.unioncard.registry.events.integrity.ChainVerifier;
import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-hashes the sealed chain after a recorded, deliberate rewrite of stored events (the one-off
 * re-encryption of V9). Runs as the schema owner inside that migration, with the append-only
 * triggers paused by it. The old head and the checkpoints signed over the old bytes are kept in
 * chain_rebase and chain_checkpoint_superseded, so the rewrite itself stays on the record.
 */
public final class ChainRebase {

    private ChainRebase() {
    }

    /** Thrown when the chain does not verify before the rewrite: re-hashing would launder that. */
    public static final class BrokenBeforeRebase extends IllegalStateException {
        BrokenBeforeRebase(ChainReport report) {
            super("the event chain does not verify before the re-encryption (position " + report.firstMismatch()
                    + ", " + report.kind() + "): investigate with VerifyChain and the last published digest first");
        }
    }

    /**
     * Re-hashes every seal in order; answers the new head (or null on an unsealed store). Call it
     * after rewriting the payloads, and {@link #verify} before rewriting them.
     */
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

    /**
     * Checks the chain as stored, against the seals and the stored checkpoints' hashes (their
     * signatures are the verifier's business), before anything is rewritten.
     */
    public static void verify(JdbcTemplate owner) {
        Map<Long, byte[]> checkpoints = new HashMap<>();
        owner.query("select position, hash from chain_checkpoint", rs -> {
            checkpoints.put(rs.getLong(1), rs.getBytes(2));
        });
        List<StoredEvent> events = owner.query("select " + StoredEvents.COLUMNS + " from domain_event_entry "
                + "where global_index <= (select coalesce(max(global_index), 0) from event_seal) order by global_index",
                StoredEvents::map);
        List<Seal> seals = owner.query("select global_index, event_identifier, hash from event_seal order by global_index",
                (rs, i) -> new Seal(rs.getLong(1), rs.getString(2), rs.getBytes(3)));
        Set<String> sealedIds = new HashSet<>();
        seals.forEach(s -> sealedIds.add(s.eventIdentifier()));
        ChainReport report = ChainVerifier.verify(1, Long.MAX_VALUE, events.iterator(), seals.iterator(),
                StoredEvent.genesis(), checkpoints, sealedIds::contains);
        if (!report.intact()) {
            throw new BrokenBeforeRebase(report);
        }
    }

    private static byte[] head(JdbcTemplate jdbc) {
        return jdbc.query("select hash from event_seal order by global_index desc limit 1",
                rs -> rs.next() ? rs.getBytes(1) : null);
    }
}
