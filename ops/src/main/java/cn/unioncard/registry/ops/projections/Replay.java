package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.query.projection.ProjectionProgress;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One rebuild of one projection from the event store while the registry serves from its live tables:
 * the group's own handlers run over every stored event into copies of its tables (the live ones stay
 * untouched), then, with the live tables' writers held off, the last events and the difference go in
 * at one commit. A streaming group's processor pauses for that step and resumes after the position
 * the copies reached (its tokens are moved in the same commit); a subscribing group's commands wait
 * on the lock and project their own events afterwards, onto the rebuilt rows.
 */
final class Replay {

    /** Figures of a replay for GET /api/admin/projections; finishedAt null while it runs. */
    record Figures(Instant startedAt, Instant finishedAt, long processed, long total, Double eventsPerSecond) {
    }

    /** The swap waits at most this long for the lock each time, shorter than PostgreSQL's deadlock check (1 s). */
    private static final String LOCK_TIMEOUT = "set local lock_timeout = '500ms'";
    /** About 15 s of tries (0.5 s wait + 0.25 s pause each) while a streaming processor is paused: then it fails. */
    private static final int LOCK_ATTEMPTS = 20;

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final String group;
    private final ReplayedEvents events;
    private final EventProcessor processor;
    private final ShadowTables shadow;
    private final Runnable clearParked;
    private final Tools tools;

    /** What every replay uses; one instance for the registry. */
    record Tools(EventStorageEngine store, TokenStore tokens, TransactionTemplate tx, JdbcTemplate jdbc,
                 ProjectionProgress progress) {
    }

    private volatile Instant startedAt;
    private volatile Instant finishedAt;
    private volatile long total;
    private volatile boolean failed;

    /** {@code clearParked} empties the group's dead letters: the replay has just handled every one of them. */
    Replay(String group, List<String> tables, List<EventMessageHandler> handlers, EventProcessor processor,
           Runnable clearParked, Tools tools) {
        this.group = group;
        this.clearParked = clearParked;
        this.events = new ReplayedEvents(tools.store(), handlers);
        this.processor = processor;
        this.shadow = new ShadowTables(tools.jdbc(), tables);
        this.tools = tools;
    }

    boolean done() {
        return finishedAt != null;
    }

    boolean failed() {
        return failed;
    }

    Figures figures() {
        Instant start = startedAt;
        Instant end = finishedAt;
        Double rate = null;
        if (start != null) {
            long millis = Duration.between(start, end == null ? Instant.now() : end).toMillis();
            rate = millis == 0 ? null : Math.round(events.processed() * 10_000.0 / millis) / 10.0;
        }
        return new Figures(start, end, events.processed(), total, rate);
    }

    /** Runs on the replays' own thread, marked as a replay (nothing it handles may publish). */
    void run() {
        startedAt = Instant.now();
        try {
            total = Math.max(0, tools.progress().storeHead());
            tools.tx().executeWithoutResult(s -> shadow.create());
            while (Boolean.TRUE.equals(tools.tx().execute(s -> {
                tools.jdbc().execute(ShadowTables.searchPath());
                return events.handleNext() == ReplayedEvents.BATCH;
            }))) {
                // the next batch, in its own transaction
            }
            long built = System.nanoTime();
            swap();
            log.info("Projection '{}' replayed: {} events in {} ms, of which {} ms for the last events and the swap",
                    group, events.processed(), Duration.between(startedAt, Instant.now()).toMillis(),
                    (System.nanoTime() - built) / 1_000_000);
        } catch (RuntimeException | InterruptedException e) {
            failed = true;
            // The type only: a message may quote a row, and rows hold personal data.
            log.warn("Projection '{}': the replay failed and changed nothing: {}", group, e.getClass().getName());
        } finally {
            try {
                tools.tx().executeWithoutResult(s -> shadow.drop());
            } catch (RuntimeException e) {
                log.warn("Projection '{}': the replay's copies were not dropped: {}", group, e.getClass().getName());
            }
            finishedAt = Instant.now();
        }
    }

    /** The last events and the difference into the live tables, at one commit; a streaming processor waits. */
    private void swap() throws InterruptedException {
        // Only a running processor is paused, and only that one is started again: a stopped one stays stopped.
        StreamingEventProcessor streaming = processor instanceof StreamingEventProcessor s ? s : null;
        boolean running = streaming != null && streaming.isRunning();
        try {
            if (running) {
                pause(streaming);
            }
            for (int attempt = 1; ; attempt++) {
                ReplayedEvents.Mark before = events.mark();
                try {
                    tools.tx().executeWithoutResult(s -> {
                        tools.jdbc().execute(LOCK_TIMEOUT);
                        shadow.lockLive();
                        tools.jdbc().execute(ShadowTables.searchPath());
                        while (events.handleNext() > 0) {
                            // every event committed before the lock; later ones wait for it and project themselves
                        }
                        shadow.writeIntoLive();
                        if (streaming != null && events.token() != null) {
                            moveTokens();
                        }
                        clearParked.run();
                    });
                    return;
                } catch (PessimisticLockingFailureException busy) {
                    events.reset(before);
                    if (attempt == LOCK_ATTEMPTS) {
                        throw busy;
                    }
                    Thread.sleep(250);
                }
            }
        } finally {
            if (running) {
                streaming.start();
            }
        }
    }

    private static void pause(StreamingEventProcessor streaming) throws InterruptedException {
        try {
            streaming.shutdownAsync().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the processor did not stop for the swap", e);
        }
    }

    /**
     * Every segment of the processor resumes after the position the copies reached, claimed by this
     * process: those another registry process holds are taken from it in this transaction, so its batch
     * in flight (waiting on the live tables' lock) then fails to store its token, its claim being gone,
     * and rolls back. This process's processor, started again after the swap, resumes them at once (the
     * claims are its own); the balancer spreads them out again (ops.scaleout).
     */
    private void moveTokens() {
        for (int segment : tools.tokens().fetchSegments(group)) {
            tools.jdbc().update("update token_entry set owner = null where processor_name = ? and segment = ?",
                    group, segment);
            tools.tokens().fetchToken(group, segment);
            tools.tokens().storeToken(events.token(), group, segment);
        }
    }
}
