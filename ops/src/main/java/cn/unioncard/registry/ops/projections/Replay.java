package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.query.projection.ProjectionProgress;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

    /** Events per transaction of the rebuild. */
    static final int BATCH = 2000;
    /** The swap waits at most this long for the lock each time, shorter than PostgreSQL's deadlock check (1 s). */
    private static final String LOCK_TIMEOUT = "set local lock_timeout = '500ms'";
    private static final int LOCK_ATTEMPTS = 240;

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final String group;
    private final List<EventMessageHandler> handlers;
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
    private volatile long processed;
    private volatile long total;
    private volatile boolean failed;
    private TrackingToken token;

    /** {@code clearParked} empties the group's dead letters: the replay has just handled every one of them. */
    Replay(String group, List<String> tables, List<EventMessageHandler> handlers, EventProcessor processor,
           Runnable clearParked, Tools tools) {
        this.group = group;
        this.clearParked = clearParked;
        this.handlers = handlers;
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
            rate = millis == 0 ? null : Math.round(processed * 10_000.0 / millis) / 10.0;
        }
        return new Figures(start, end, processed, total, rate);
    }

    /** Runs on the replays' own thread, marked as a replay (nothing it handles may publish). */
    void run() {
        startedAt = Instant.now();
        try {
            total = Math.max(0, tools.progress().storeHead());
            tools.tx().executeWithoutResult(s -> shadow.create());
            while (Boolean.TRUE.equals(tools.tx().execute(s -> {
                tools.jdbc().execute(ShadowTables.searchPath());
                return handleNext() == BATCH;
            }))) {
                // the next batch, in its own transaction
            }
            long built = System.nanoTime();
            swap();
            log.info("Projection '{}' replayed: {} events in {} ms, of which {} ms for the last events and the swap",
                    group, processed, Duration.between(startedAt, Instant.now()).toMillis(),
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
        StreamingEventProcessor streaming = processor instanceof StreamingEventProcessor s ? s : null;
        if (streaming != null) {
            try {
                streaming.shutdownAsync().get(1, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("the processor did not stop for the swap", e);
            }
        }
        try {
            for (int attempt = 1; ; attempt++) {
                TrackingToken reached = token;
                long handled = processed;
                try {
                    tools.tx().executeWithoutResult(s -> {
                        tools.jdbc().execute(LOCK_TIMEOUT);
                        shadow.lockLive();
                        tools.jdbc().execute(ShadowTables.searchPath());
                        while (handleNext() > 0) {
                            // every event committed before the lock; later ones wait for it and project themselves
                        }
                        shadow.writeIntoLive();
                        if (streaming != null && token != null) {
                            moveTokens();
                        }
                        clearParked.run();
                    });
                    return;
                } catch (PessimisticLockingFailureException busy) {
                    token = reached;
                    processed = handled;
                    if (attempt == LOCK_ATTEMPTS) {
                        throw busy;
                    }
                    Thread.sleep(250);
                }
            }
        } finally {
            if (streaming != null) {
                streaming.start();
            }
        }
    }

    /** Every segment of the stopped processor resumes after the position the copies reached. */
    private void moveTokens() {
        for (int segment : tools.tokens().fetchSegments(group)) {
            tools.tokens().fetchToken(group, segment);
            tools.tokens().storeToken(token, group, segment);
            tools.tokens().releaseClaim(group, segment);
        }
    }

    /** The next stored events after the token (late commits in its gaps included), handled; how many. */
    private int handleNext() {
        List<? extends TrackedEventMessage<?>> events;
        try (Stream<? extends TrackedEventMessage<?>> stream = tools.store().readEvents(token, false)) {
            events = stream.limit(BATCH).toList();
        }
        if (events.isEmpty()) {
            return 0;
        }
        // NewMembers and the like queue rows on the unit of work and write them as one statement at its commit.
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(events.get(0));
        try {
            for (EventMessage<?> event : events) {
                for (EventMessageHandler handler : handlers) {
                    if (handler.canHandle(event)) {
                        handler.handle(event);
                    }
                }
            }
        } catch (Exception e) {
            unitOfWork.rollback(e);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("a handler failed", e);
        }
        unitOfWork.commit();
        token = events.get(events.size() - 1).trackingToken();
        processed += events.size();
        return events.size();
    }
}
