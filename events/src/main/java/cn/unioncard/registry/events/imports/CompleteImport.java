package cn.unioncard.registry.events.imports;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Every row has been processed and the report written. */
public record CompleteImport(@TargetAggregateIdentifier String jobId) implements ImportJobCommand {
}
