package cn.unioncard.registry.events.card;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** The member reported a new number for the card (lost, replaced …); the old one stays in the history and is never reused. */
public record ChangeCardNumber(@TargetAggregateIdentifier String memberId, String newCardNumber,
                               CardNumberChangeReason reason, LocalDate reportedOn) implements CardCommand {
}
