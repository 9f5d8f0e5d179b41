package cn.unioncard.registry.events.imports;

/**
 * Everything that can happen to an import job. Rows are recorded a chunk at a time, in the same
 * transaction as the members (or unions) they created, so the history and the progress never disagree.
 */
public sealed interface ImportJobEvent permits ImportStarted, ImportRowsProcessed, ImportCompleted, ImportFailed {

    String jobId();
}
