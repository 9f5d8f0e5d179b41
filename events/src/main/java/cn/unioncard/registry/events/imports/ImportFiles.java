package cn.unioncard.registry.events.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Where an import's uploaded file and its report are kept: encrypted at rest, each under its own
 * key, removed after the retention period. Both sides use it (the command side writes the upload
 * and the report, the query side hands the report out); the application provides the one instance.
 */
public interface ImportFiles {

    enum Part { UPLOAD, REPORT }

    /** Writes a part (replacing any earlier one); the stream encrypts as it goes. Close it to finish. */
    OutputStream create(String jobId, Part part) throws IOException;

    /** Reads a part back, decrypted; {@link java.nio.file.NoSuchFileException} when it is gone. */
    InputStream open(String jobId, Part part) throws IOException;

    boolean exists(String jobId, Part part);

    /** Removes every part of the job; nothing happens when there is none. */
    void delete(String jobId) throws IOException;

    /** Removes the parts of every job written before {@code cutoff}; answers how many jobs lost files. */
    int deleteOlderThan(Instant cutoff) throws IOException;

    /**
     * Names this store, one per data directory: a job is run by the instance whose store holds its upload
     * (several instances on one database each have their own data directory).
     */
    String storeId();
}
