package cn.unioncard.registry.events.imports;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Queue an uploaded file (already stored, encrypted) for import into {@code unionId}; {@code storeId} names
 * the store that holds it ({@code ImportFiles.storeId()}), whose instance runs the job (null: any).
 */
public record StartImport(@TargetAggregateIdentifier String jobId, ImportKind kind, String unionId, String fileName,
                          String fileSha256, long sizeBytes, String storeId) implements ImportJobCommand {
}
