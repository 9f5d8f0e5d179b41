package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recorded reads that the access-log projection could not index and parked in its dead letters:
 * still recorded (the event is stored), so a member's history must show them.
 */
@Component
public class ParkedAccesses {

    private static final Logger log = LoggerFactory.getLogger(ParkedAccesses.class);

    /** A parked read as stored: the event, its time and its actor metadata. */
    public record ParkedAccess(PersonalDataAccessed access, Instant at, MetaData metaData) {
    }

    private final EventProcessingConfiguration processing;

    ParkedAccesses(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    /** The parked reads naming the member; empty when a parked letter could not be read back. */
    public Optional<List<ParkedAccess>> of(String memberId) {
        Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue = queue();
        if (queue.isEmpty() || queue.get().size() == 0) {
            return Optional.of(List.of());
        }
        List<ParkedAccess> found = new ArrayList<>();
        try {
            for (Iterable<DeadLetter<? extends EventMessage<?>>> sequence : queue.get().deadLetters()) {
                for (DeadLetter<? extends EventMessage<?>> letter : sequence) {
                    EventMessage<?> m = letter.message();
                    if (m.getPayload() instanceof PersonalDataAccessed a && a.memberIds() != null
                            && a.memberIds().contains(memberId)) {
                        found.add(new ParkedAccess(a, m.getTimestamp(), m.getMetaData()));
                    }
                }
            }
        } catch (RuntimeException e) {
            // Only the type: a deserialisation message can quote the payload.
            log.warn("A parked access record could not be read back ({}); histories say they may be incomplete",
                    e.getClass().getName());
            return Optional.empty();
        }
        return Optional.of(found);
    }

    private Optional<SequencedDeadLetterQueue<EventMessage<?>>> queue() {
        return processing.deadLetterQueue(AccessLog.PROCESSING_GROUP);
    }
}
