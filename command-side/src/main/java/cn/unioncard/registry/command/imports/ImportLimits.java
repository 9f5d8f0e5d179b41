package cn.unioncard.registry.command.imports;

/**
 * The import settings the command side receives from the application ({@code registry.imports.*}):
 * the largest upload accepted, and how many rows go into one unit of work.
 */
public record ImportLimits(long maxUploadBytes, int chunkSize) {

    public ImportLimits {
        if (maxUploadBytes <= 0 || chunkSize <= 0) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }
}
