package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.union.UnionRegistered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;

/**
 * A registry whose events were stored before the statistics existed (an upgrade to V24) gets its
 * statistics from those events once, at start, before the web server takes requests. The tables are
 * locked meanwhile: a command that commits during the fill waits, then adds its own change on top.
 */
@Component
class StatisticsBackfill implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatisticsBackfill.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final StatisticsReplay replay;
    private final StatisticsRows rows;
    private volatile boolean running;

    StatisticsBackfill(JdbcTemplate jdbc, TransactionTemplate tx, StatisticsReplay replay, StatisticsRows rows) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.replay = replay;
        this.rows = rows;
    }

    @Override
    public void start() {
        running = true;
        tx.executeWithoutResult(s -> {
            jdbc.execute("lock table statistics_union, statistics_member, statistics_count in exclusive mode");
            Boolean filled = jdbc.queryForObject("select exists (select 1 from statistics_union)", Boolean.class);
            Boolean history = jdbc.queryForObject("select exists (select 1 from domain_event_entry where"
                    + " payload_type = ?)", Boolean.class, UnionRegistered.class.getName());
            if (Boolean.TRUE.equals(filled) || !Boolean.TRUE.equals(history)) {
                return;
            }
            long t0 = System.nanoTime();
            // Every committed event: one still uncommitted waits on the lock and counts itself afterwards.
            StatisticsModel model = replay.upTo(Instant.now().plus(Duration.ofDays(1)));
            rows.fill(model);
            log.info("statistics filled from the stored events: {} unions, {} members in {} ms",
                    model.unions().size(), model.members().size(), (System.nanoTime() - t0) / 1_000_000);
        });
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Early: before the event processors and the web server start. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE / 2;
    }
}
