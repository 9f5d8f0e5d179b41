package cn.unioncard.registry.events.imports;

/**
 * The chunks of an import's rows written as members or unions, listed in one place: each is
 * handled where that kind of aggregate is registered, in the job runner's transaction.
 */
public sealed interface ImportBatchCommand permits RegisterImportedMembers, RegisterImportedUnions {

    /** The job the rows come from (recorded on each event they cause). */
    String jobId();
}
