package cn.unioncard.registry.events.imports;

/** Everything one can ask of an import job, listed in one place (its events: {@link ImportJobEvent}). */
public sealed interface ImportJobCommand permits StartImport, RecordImportProgress, CompleteImport, FailImport {

    /** The job the command is for (its aggregate id). */
    String jobId();
}
