package cn.unioncard.registry.events.card;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * One row of the bank's return for a batch handed to it: the row is matched by ID number within the
 * batch, its name must be the member's, its card number valid and never used. A refused row changes
 * nothing and answers its {@link IssuanceOutcome}; scope, role and the batch's state refuse the request.
 * {@code cardType} is as the bank wrote it (code or label).
 */
public record IssueCard(@TargetAggregateIdentifier String batchId, String runId, int row, String idNumber,
                        String name, String cardNumber, String cardType, String branch, LocalDate issuedOn)
        implements CardCommand {
}
