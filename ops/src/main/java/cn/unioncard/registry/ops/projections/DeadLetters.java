package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.operations.DeadLetterEvicted;
import cn.unioncard.registry.events.operations.DeadLettersRetried;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.projection.ProjectionProgress;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.deadletter.Cause;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The parked events of every streaming projection, for the operators: what is parked and why (by
 * type, never by message), how far each projection lags, and the two repairs — process again, or
 * give an event up — each recorded as an event with its actor.
 */
@Component
class DeadLetters {

    /** A parked event: ids, types and times only, never its content. */
    record Letter(String eventId, Long globalPosition, String payloadType, String causeType, String sqlState,
                  Instant enqueuedAt, Instant lastTouched, long attempts) {
    }

    record GroupStatus(String processingGroup, long parkedSequences, long parkedEvents, long lag,
                       List<Letter> letters, boolean truncated) {
    }

    record Overview(long storeHead, List<GroupStatus> processors) {
    }

    record Retried(String processingGroup, long processed, long remaining) {
    }

    record Evicted(String processingGroup, String eventId, long remaining) {
    }

    /** Groups whose parked events may only be retried, never given up. */
    static final Set<String> KEPT = Set.of(AccessLog.PROCESSING_GROUP);

    /** Letters listed per group; the counts cover them all. */
    static final int LISTED = 100;

    private final EventProcessingConfiguration processing;
    private final ProjectionProgress progress;
    private final EventBus events;
    private final TransactionManager transactions;

    DeadLetters(EventProcessingConfiguration processing, ProjectionProgress progress, EventBus events,
                TransactionManager transactions) {
        this.processing = processing;
        this.progress = progress;
        this.events = events;
        this.transactions = transactions;
    }

    /** The streaming processors, which are the groups that park (one processor per group). */
    List<String> groups() {
        return processing.eventProcessors().values().stream()
                .filter(p -> p instanceof StreamingEventProcessor)
                .map(EventProcessor::getName)
                .sorted()
                .toList();
    }

    long parkedEvents(String group) {
        return queue(group).size();
    }

    long lag(String group) {
        return progress.lag(group);
    }

    Overview overview() {
        List<GroupStatus> groups = new ArrayList<>();
        for (String group : groups()) {
            groups.add(status(group));
        }
        return new Overview(progress.storeHead(), groups);
    }

    GroupStatus status(String group) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        // One more than listed tells whether there are more.
        List<Letter> letters = letters(queue).limit(LISTED + 1L).map(DeadLetters::letter).toList();
        boolean truncated = letters.size() > LISTED;
        return new GroupStatus(group, queue.amountOfSequences(), queue.size(), progress.lag(group),
                truncated ? letters.subList(0, LISTED) : letters, truncated);
    }

    /**
     * Has the group's handlers process every parked sequence again, oldest first, through Axon's
     * dead-letter processor: a sequence that goes through leaves the queue, one that fails again
     * stays with one more attempt counted.
     */
    Retried retry(String group, Actor actor) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        SequencedDeadLetterProcessor<EventMessage<?>> processor = processing.sequencedDeadLetterProcessor(group)
                .orElseThrow(() -> RegistryProblem.notFound("processing group"));
        long before = queue.size();
        List<String> firstOfEach = new ArrayList<>();
        for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.deadLetters()) {
            for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                firstOfEach.add(letter.message().getIdentifier());
                break;
            }
        }
        for (String first : firstOfEach) {
            processor.process(letter -> letter.message().getIdentifier().equals(first));
        }
        long remaining = queue.size();
        Retried outcome = new Retried(group, Math.max(0, before - remaining), remaining);
        events.publish(GenericEventMessage.asEventMessage(
                        new DeadLettersRetried(group, outcome.processed(), outcome.remaining()))
                .andMetaData(AuditMetadata.of(actor)));
        return outcome;
    }

    /**
     * Gives up one parked event, recorded in the same transaction; the event stays in the store.
     * Never for the access log: a parked read is evidence that members' histories show, and giving
     * it up would drop it from them while they still said they were complete.
     */
    Evicted evict(String group, String eventId, String reason, Actor actor) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(group);
        DeadLetter<? extends EventMessage<?>> letter = letters(queue)
                .filter(l -> l.message().getIdentifier().equals(eventId)).findFirst()
                .orElseThrow(() -> new RegistryProblem(RegistryProblem.Kind.NOT_FOUND, "该处理组没有这条待处理事件",
                        "no such parked event in this processing group"));
        if (KEPT.contains(group)) {
            throw RegistryProblem.conflict("访问记录是证据，不能放弃：请先排除故障原因，再重试（POST /api/operations/dead-letters/"
                            + group + "/retry）",
                    "access records are evidence and cannot be given up: fix the cause, then retry (POST "
                            + "/api/operations/dead-letters/" + group + "/retry)");
        }
        transactions.executeInTransaction(() -> {
            queue.evict(letter);
            events.publish(GenericEventMessage.asEventMessage(new DeadLetterEvicted(group, eventId,
                    letter.message().getPayloadType().getName(), reason)).andMetaData(AuditMetadata.of(actor)));
        });
        return new Evicted(group, eventId, queue.size());
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String group) {
        return Optional.of(group).filter(groups()::contains).flatMap(processing::deadLetterQueue)
                .orElseThrow(() -> new RegistryProblem(RegistryProblem.Kind.NOT_FOUND, "没有这个投影处理组",
                        "no such streaming processing group"));
    }

    /** Every parked letter, sequence after sequence, read as far as the caller goes. */
    private static Stream<DeadLetter<? extends EventMessage<?>>> letters(
            SequencedDeadLetterQueue<EventMessage<?>> queue) {
        return StreamSupport.stream(queue.deadLetters().spliterator(), false)
                .flatMap(sequence -> StreamSupport.stream(sequence.spliterator(), false));
    }

    private static Letter letter(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> m = letter.message();
        OptionalLong position = m instanceof TrackedEventMessage<?> t && t.trackingToken() != null
                ? t.trackingToken().position() : OptionalLong.empty();
        Object sqlState = letter.diagnostics().get(ParkingPolicy.SQL_STATE);
        return new Letter(m.getIdentifier(), position.isPresent() ? position.getAsLong() : null,
                m.getPayloadType().getSimpleName(), letter.cause().map(Cause::type).orElse(null),
                sqlState == null || sqlState.toString().isEmpty() ? null : sqlState.toString(),
                letter.enqueuedAt(), letter.lastTouched(), ParkingPolicy.attempts(letter.diagnostics()));
    }
}
