package cn.unioncard.registry.events.card;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** The member's card is closed without a replacement; its number stays unusable for anyone else. */
public record CancelCard(@TargetAggregateIdentifier String memberId, CardCancellationReason reason,
                         LocalDate cancelledOn) implements CardCommand {
}
