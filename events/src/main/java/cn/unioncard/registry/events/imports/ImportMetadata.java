package cn.unioncard.registry.events.imports;

/** Metadata keys on every event an import causes, so a member's history says which file and row it came from. */
public final class ImportMetadata {
    public static final String JOB = "import.job";
    /** The sheet row, as Excel numbers it (the header is row 1). */
    public static final String ROW = "import.row";

    private ImportMetadata() {
    }
}
