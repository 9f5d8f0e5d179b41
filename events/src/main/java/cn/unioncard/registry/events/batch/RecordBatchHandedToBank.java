package cn.unioncard.registry.events.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/** The stamped card application list was taken to the bank's {@code branch} on a day, by {@code carriedBy}. */
public record RecordBatchHandedToBank(@TargetAggregateIdentifier String batchId, String branch,
                                      LocalDate handedOverOn, String carriedBy) implements BatchCommand {
}
