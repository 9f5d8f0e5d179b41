package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.ChainReport;
import cn.unioncard.registry.events.integrity.ChainVerifier;
import cn.unioncard.registry.events.integrity.Checkpoint;
import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Verification straight from a database connection: used by the registry's verify endpoint and
 * by the offline verifier alike (a plain JdbcTemplate, no Spring context needed). Rows are read
 * through cursors, so a long chain does not have to fit in memory; call inside a transaction.
 */
final class ChainStore {

    private final JdbcTemplate jdbc;

    ChainStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.jdbc.setFetchSize(500);
    }

    ChainReport verify(long from, long to, byte[] publicKey) {
        return verify(from, to, publicKey, new HashMap<>());
    }

    /** Like {@link #verify(long, long, byte[])}, also holding the chain to {@code trusted} hashes by position. */
    ChainReport verify(long from, long to, byte[] publicKey, Map<Long, byte[]> trusted) {
        byte[] start = jdbc.query("select hash from event_seal where global_index < ? order by global_index desc "
                + "limit 1", rs -> rs.next() ? rs.getBytes(1) : StoredEvent.genesis(), from);
        Map<Long, byte[]> checkpoints = new HashMap<>(trusted);
        java.util.List<Long> forged = new java.util.ArrayList<>();
        jdbc.query("select position, hash, signed_at, signature from chain_checkpoint where position between ? and ? "
                        + "order by position", rs -> {
                    Checkpoint c = new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(),
                            rs.getBytes(4));
                    if (c.verifies(publicKey)) {
                        checkpoints.putIfAbsent(c.position(), c.hash());
                    } else {
                        forged.add(c.position());
                    }
                }, from, to);
        if (!forged.isEmpty()) {
            // A stored checkpoint that its own key does not sign was written by someone else.
            return new ChainReport(false, from, to, 0, forged.get(0), ChainReport.Mismatch.CHECKPOINT,
                    "a stored checkpoint's signature does not verify");
        }
        try (Stream<StoredEvent> events = jdbc.queryForStream("select " + StoredEvents.COLUMNS
                + " from domain_event_entry where global_index between ? and ? order by global_index",
                StoredEvents::map, from, to);
             Stream<Seal> seals = jdbc.queryForStream("select global_index, event_identifier, hash from event_seal "
                             + "where global_index between ? and ? order by global_index",
                     (rs, i) -> new Seal(rs.getLong(1), rs.getString(2), rs.getBytes(3)), from, to)) {
            Iterator<StoredEvent> e = events.iterator();
            Iterator<Seal> s = seals.iterator();
            return ChainVerifier.verify(from, to, e, s, start, checkpoints, id -> Boolean.TRUE.equals(
                    jdbc.queryForObject("select exists(select 1 from event_seal where event_identifier = ?)",
                            Boolean.class, id)));
        }
    }
}
