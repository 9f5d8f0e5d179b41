package cn.unioncard.registry.events.card;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * The union gave the member's card to the member in person; {@code signed} confirms the member signed
 * the card's signature strip and the sign-off sheet (the seed requires both).
 */
public record RecordCardHandedOut(@TargetAggregateIdentifier String memberId, LocalDate handedOutOn,
                                  boolean signed) implements CardCommand {
}
