package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.member.MemberForm;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * Register a chunk of an import's rows as members of one grassroots union, in one unit of work.
 * Each row is checked exactly as a typed registration is; the answer is one {@link ImportedRow}
 * per row, in order. Routed by the job, whose progress is recorded in the same transaction.
 */
public record RegisterImportedMembers(@TargetAggregateIdentifier String jobId, String unionId, List<Row> rows)
        implements ImportBatchCommand {

    /** A sheet row read into a form, with the member id it gets if it is accepted. */
    public record Row(int row, String memberId, MemberForm form) {
    }
}
