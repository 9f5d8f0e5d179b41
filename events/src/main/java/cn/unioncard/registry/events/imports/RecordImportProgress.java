package cn.unioncard.registry.events.imports;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Record the outcome of the rows up to {@code throughRow}, of {@code total} data rows in the file. */
public record RecordImportProgress(@TargetAggregateIdentifier String jobId, int total, int throughRow,
                                   List<ImportedRow> rows) implements ImportJobCommand {
}
