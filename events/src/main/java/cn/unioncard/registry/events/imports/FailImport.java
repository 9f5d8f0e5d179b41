package cn.unioncard.registry.events.imports;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The job cannot go on (its stored file is gone or unreadable); what was committed stays. */
public record FailImport(@TargetAggregateIdentifier String jobId, String reasonCode) implements ImportJobCommand {
}
