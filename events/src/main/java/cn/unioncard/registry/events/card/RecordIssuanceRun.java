package cn.unioncard.registry.events.card;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Keeps what a bank return came to, row by row, after its rows were tried ({@link IssueCard}):
 * the run's report is read from it. {@code source} is {@code json}, {@code xlsx} or {@code csv}.
 */
public record RecordIssuanceRun(@TargetAggregateIdentifier String runId, String batchId, String source,
                                List<IssuanceResult> rows) implements CardCommand {
}
