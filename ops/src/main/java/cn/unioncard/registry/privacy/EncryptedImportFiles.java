package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.ops.KeyFiles;
import cn.unioncard.registry.ops.RegistryProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An import's files under {@code <data-dir>/imports/<jobId>.<part>}: each sealed under a key of its
 * own ({@link SegmentedGcm}), that key wrapped by the master key for this job and part and kept in
 * the file's header, so a file copied under another job's name does not open. A file appears under
 * its name only whole (written aside, then moved), and opening checks every segment before the
 * first byte is handed out, so a damaged file yields no plaintext at all.
 */
@Component
class EncryptedImportFiles implements ImportFiles {

    private static final byte[] MAGIC = "UCRIMP01".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final MasterKey master;
    private final String storeId;

    @Autowired
    EncryptedImportFiles(RegistryProperties properties, MasterKey master) {
        this(properties.dataDir().resolve("imports"), master);
    }

    EncryptedImportFiles(Path dir, MasterKey master) {
        this.dir = dir;
        this.master = master;
        this.storeId = storeId(dir.resolveSibling("import-store.id"));
    }

    @Override
    public String storeId() {
        return storeId;
    }

    /** The id kept beside the files' folder, made on first use: stable across restarts of this instance. */
    private static String storeId(Path file) {
        try {
            // Made whole or not at all: registries starting at once on a shared data directory get the same id.
            String kept = KeyFiles.readOrCreate(file, () -> UUID.randomUUID().toString());
            if (JOB_ID.matcher(kept).matches()) {
                return kept;
            }
            String id = UUID.randomUUID().toString();
            Files.createDirectories(file.getParent());
            Files.writeString(file, id, StandardCharsets.US_ASCII);
            return id;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the import store's id cannot be kept", e);
        }
    }

    @Override
    public OutputStream create(String jobId, Part part) throws IOException {
        Path target = path(jobId, part);
        Files.createDirectories(dir);
        Path temp = dir.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        byte[] wrapped = master.seal(context(jobId, part), raw);
        DataOutputStream file = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16));
        file.write(MAGIC);
        file.writeShort(wrapped.length);
        file.write(wrapped);
        OutputStream sealing = SegmentedGcm.sealing(new SecretKeySpec(raw, "AES"), file);
        Arrays.fill(raw, (byte) 0);
        return new FilterOutputStream(sealing) {
            private boolean closed;
            private boolean failed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }

            /** Finishes the file, forces it to disk and only then gives it its name; a failed write leaves nothing. */
            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try {
                    out.close();
                    if (failed) {
                        return;
                    }
                    try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                        c.force(true);
                    }
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        };
    }

    @Override
    public InputStream open(String jobId, Part part) throws IOException {
        FileChannel channel = FileChannel.open(path(jobId, part), StandardOpenOption.READ);
        try {
            SecretKey key = key(jobId, part, channel);
            long start = channel.position();
            SegmentedGcm.verify(key, new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
            channel.position(start);
            return SegmentedGcm.opening(key, new BufferedInputStream(Channels.newInputStream(channel), 1 << 16));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean exists(String jobId, Part part) {
        return Files.exists(path(jobId, part));
    }

    @Override
    public void delete(String jobId) throws IOException {
        path(jobId, Part.UPLOAD); // checks the id
        String prefix = jobId + ".";
        for (Path p : files()) {
            if (p.getFileName().toString().startsWith(prefix)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A job's age is its oldest file's (the upload's); its leftovers of a crashed write go with it. */
    @Override
    public int deleteOlderThan(Instant cutoff) throws IOException {
        Map<String, FileTime> oldest = new HashMap<>();
        for (Path p : files()) {
            if (!JOB_ID.matcher(jobOf(p)).matches()) {
                continue; // not ours (an editor's or a network file system's own file): never stop the sweep for it
            }
            FileTime t;
            try {
                t = Files.getLastModifiedTime(p);
            } catch (java.nio.file.NoSuchFileException sweptMeanwhile) {
                continue; // another registry sharing the directory swept it first
            }
            oldest.merge(jobOf(p), t, (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        int deleted = 0;
        for (Map.Entry<String, FileTime> e : oldest.entrySet()) {
            if (e.getValue().toInstant().isBefore(cutoff)) {
                delete(e.getKey());
                deleted++;
            }
        }
        return deleted;
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }

    private SecretKey key(String jobId, Part part, FileChannel channel) throws IOException {
        DataInputStream header = new DataInputStream(Channels.newInputStream(channel));
        byte[] magic = header.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException("not an import file of this registry");
        }
        byte[] wrapped = header.readNBytes(header.readUnsignedShort());
        try {
            byte[] raw = master.open(context(jobId, part), wrapped);
            SecretKey key = new SecretKeySpec(raw, "AES");
            Arrays.fill(raw, (byte) 0);
            return key;
        } catch (IllegalStateException e) {
            throw new IOException("the import file's key does not open here (another job's file, or damaged)", e);
        }
    }

    private Path path(String jobId, Part part) {
        if (jobId == null || !JOB_ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a job id");
        }
        return dir.resolve(jobId + "." + part.name().toLowerCase());
    }

    private static String jobOf(Path file) {
        return file.getFileName().toString().split("\\.")[0];
    }

    private static String context(String jobId, Part part) {
        return "import-file:" + jobId + ":" + part.name();
    }
}
