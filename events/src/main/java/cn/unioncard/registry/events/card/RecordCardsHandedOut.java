package cn.unioncard.registry.events.card;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/** {@link RecordCardHandedOut} for many members of one batch at once: all are recorded, or none. */
public record RecordCardsHandedOut(@TargetAggregateIdentifier String batchId, List<String> memberIds,
                                   LocalDate handedOutOn, boolean signed) implements CardCommand {

    /** A batch holds at most this many members. */
    public static final int MAX_MEMBERS = 5_000;
}
