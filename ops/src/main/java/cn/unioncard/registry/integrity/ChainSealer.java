package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Extends the hash chain over newly committed events, in global order. It is gap-aware: a
 * missing global index may belong to a transaction still running, so the sealer stops there and
 * notes which transactions were in progress; only when all of them have ended, and a fresh read
 * still shows the gap, is the index declared a permanent gap (a rolled-back append). So it never
 * seals past a position that may still be filled, and never skips an event that commits late.
 * One instance seals at a time (an advisory lock), so several registries can share a database.
 */
@Component
class ChainSealer {

    private static final Logger log = LoggerFactory.getLogger(ChainSealer.class);
    private static final long LOCK = 0x55_43_52_43_48_41_49_4EL; // "UCRCHAIN"
    private static final int BATCH = 1000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    /** The first missing index seen, and the transactions open when it was seen. */
    private Long pendingGap;
    private Set<String> gapWitnesses = Set.of();

    ChainSealer(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Every {@code registry.chain.seal-interval} ({@link IntegrityScheduling}). */
    void sealScheduled() {
        try {
            sealAvailable();
        } catch (RuntimeException e) {
            log.warn("Sealing the event chain failed; will retry: {}", e.getMessage());
        }
    }

    /** Seals what can be sealed now; answers how many events were sealed. */
    int sealAvailable() {
        int total = 0;
        int sealed;
        do {
            Integer n = tx.execute(status -> sealBatch());
            sealed = n == null ? 0 : n;
            total += sealed;
        } while (sealed == BATCH);
        return total;
    }

    private int sealBatch() {
        if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK))) {
            return 0;
        }
        long last = jdbc.queryForObject("select greatest((select coalesce(max(global_index), 0) from event_seal), "
                + "(select coalesce(max(global_index), 0) from event_gap))", Long.class);
        byte[] previous = jdbc.query("select hash from event_seal order by global_index desc limit 1",
                rs -> rs.next() ? rs.getBytes(1) : StoredEvent.genesis());
        // Decided before the read below: if the transactions that could fill the gap have all ended,
        // a gap that this fresh read still shows is final.
        Long finalGap = pendingGap != null && allEnded(gapWitnesses) ? pendingGap : null;
        List<StoredEvent> rows = jdbc.query("select " + StoredEvents.COLUMNS + " from domain_event_entry "
                + "where global_index > ? order by global_index limit " + BATCH, StoredEvents::map, last);

        List<Object[]> seals = new ArrayList<>();
        long expected = last + 1;
        for (StoredEvent e : rows) {
            if (e.globalIndex() != expected) {
                if (finalGap != null && finalGap == expected) {
                    declareGaps(expected, e.globalIndex() - 1);
                    finalGap = null;
                } else {
                    if (pendingGap == null || pendingGap != expected) {
                        pendingGap = expected;
                        gapWitnesses = openTransactions();
                    }
                    break;
                }
            }
            previous = e.chain(previous);
            seals.add(new Object[]{e.globalIndex(), e.eventIdentifier(), previous});
            expected = e.globalIndex() + 1;
            if (pendingGap != null && pendingGap < expected) {
                pendingGap = null;
                gapWitnesses = Set.of();
            }
        }
        jdbc.batchUpdate("insert into event_seal (global_index, event_identifier, hash) values (?,?,?)", seals);
        return seals.size();
    }

    private void declareGaps(long first, long lastMissing) {
        log.info("Global indexes {}–{} were never committed (a rolled-back append); the chain passes over them",
                first, lastMissing);
        jdbc.update("insert into event_gap (global_index) select g from generate_series(?::bigint, ?::bigint) g",
                first, lastMissing);
        pendingGap = null;
        gapWitnesses = Set.of();
    }

    /**
     * Every transaction open right now, by its virtual id: also those that have drawn a global
     * index but not yet written (they have no transaction id yet, so pg_current_snapshot would
     * miss them). The same wait CREATE INDEX CONCURRENTLY uses.
     */
    private Set<String> openTransactions() {
        return Set.copyOf(jdbc.queryForList("select virtualxid::text from pg_locks where locktype = 'virtualxid' "
                + "and granted and pid <> pg_backend_pid()", String.class));
    }

    private boolean allEnded(Set<String> witnesses) {
        if (witnesses.isEmpty()) {
            return true;
        }
        Integer open = jdbc.queryForObject("select count(*) from pg_locks where locktype = 'virtualxid' and granted "
                + "and virtualxid::text = any(string_to_array(?, ','))", Integer.class, String.join(",", witnesses));
        return open != null && open == 0;
    }

    byte[] headHash() {
        return jdbc.query("select hash from event_seal order by global_index desc limit 1",
                rs -> rs.next() ? rs.getBytes(1) : StoredEvent.genesis());
    }
}
