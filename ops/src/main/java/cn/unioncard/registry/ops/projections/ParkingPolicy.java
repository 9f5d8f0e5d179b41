package cn.unioncard.registry.ops.projections;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parks an event whose handler failed, keeping only the exception type and the SQLState: a
 * PostgreSQL message can quote the offending value, which may be personal data. A failure of the
 * database itself parks nothing: the batch fails and is retried, as before.
 */
final class ParkingPolicy implements EnqueuePolicy<EventMessage<?>> {

    static final String ATTEMPTS = "attempts";
    static final String SQL_STATE = "sqlState";

    private static final Logger log = LoggerFactory.getLogger(ParkingPolicy.class);

    private final String processingGroup;

    ParkingPolicy(String processingGroup) {
        this.processingGroup = processingGroup;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        // A fresh letter is a live failure; a stored one is being retried by an administrator.
        boolean live = letter instanceof GenericDeadLetter;
        if (live && Transience.isTransient(cause)) {
            throw new ProjectionInterrupted(cause);
        }
        String sqlState = Transience.sqlState(cause);
        long attempts = attempts(letter.diagnostics()) + 1;
        log.warn("Projection '{}' parked event {} ({}) as a dead letter: {}, SQLState {}, attempt {}",
                processingGroup, letter.message().getIdentifier(), letter.message().getPayloadType().getSimpleName(),
                cause.getClass().getName(), sqlState, attempts);
        ThrowableCause sanitised = new ThrowableCause(cause.getClass().getName(),
                sqlState == null ? "" : "SQLState " + sqlState);
        return Decisions.enqueue(sanitised, l -> MetaData.with(ATTEMPTS, attempts)
                .and(SQL_STATE, sqlState == null ? "" : sqlState));
    }

    static long attempts(MetaData diagnostics) {
        Object v = diagnostics == null ? null : diagnostics.get(ATTEMPTS);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
