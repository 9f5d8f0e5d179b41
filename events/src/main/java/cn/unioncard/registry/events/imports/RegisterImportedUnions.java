package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.union.UnionForm;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Register a chunk of an import's rows as grassroots unions under one district (附件2), each as a
 * typed registration would. The answer is one {@link ImportedRow} per row, in order.
 */
public record RegisterImportedUnions(@TargetAggregateIdentifier String jobId, String districtId, List<Row> rows)
        implements ImportBatchCommand {

    /** A sheet row read into a form (its parent and level already set), with the id it gets if accepted. */
    public record Row(int row, String unionId, UnionForm form) {
    }
}
