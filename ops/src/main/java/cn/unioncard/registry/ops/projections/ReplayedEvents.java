package cn.unioncard.registry.ops.projections;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.List;
import java.util.stream.Stream;

/**
 * The stored events a replay has handled so far, as a gap-aware position in the store (an event
 * committed late, below positions already read, is still found), and the step that handles the next
 * ones with the group's handlers in the caller's transaction.
 */
final class ReplayedEvents {

    /** Events per step: the rebuild commits after each. */
    static final int BATCH = 2000;

    /** Where a step began, to go back to when its transaction rolls back. */
    record Mark(TrackingToken token, long processed) {
    }

    private final EventStorageEngine store;
    private final List<EventMessageHandler> handlers;
    private volatile TrackingToken token;
    private volatile long processed;

    ReplayedEvents(EventStorageEngine store, List<EventMessageHandler> handlers) {
        this.store = store;
        this.handlers = handlers;
    }

    long processed() {
        return processed;
    }

    TrackingToken token() {
        return token;
    }

    Mark mark() {
        return new Mark(token, processed);
    }

    void reset(Mark mark) {
        token = mark.token();
        processed = mark.processed();
    }

    /** The next stored events after the position (late commits in its gaps included), handled; how many. */
    int handleNext() {
        List<? extends TrackedEventMessage<?>> events;
        try (Stream<? extends TrackedEventMessage<?>> stream = store.readEvents(token, false)) {
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
