package cn.unioncard.registry.events.card;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** The holder activated the handed-out card in person ({@code channel}) at {@code branch}: the cover starts. */
public record ActivateCard(@TargetAggregateIdentifier String memberId, ActivationChannel channel, String branch,
                           LocalDate activatedOn) implements CardCommand {
}
