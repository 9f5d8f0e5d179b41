package cn.unioncard.registry.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Secrets the registry makes for itself and keeps in its data directory: created once, readable
 * by the owner only, never in the repository. The content is text (base64 lines).
 */
public final class KeyFiles {

    /** What a file system without hard links answers a link with (vfat, exfat, some CIFS mounts). */
    private static final Set<String> NO_HARD_LINKS = Set.of("Operation not permitted", "Operation not supported");
    /** A draft older than this was left by a start that died: no start takes this long to write one. */
    private static final Duration ABANDONED = Duration.ofMinutes(10);

    private KeyFiles() {
    }

    /**
     * The file's content, creating the file with {@code generate}'s content if it is missing. The content is
     * written to a file of its own first, forced to disk and linked in whole, so a registry starting at the same
     * moment on a shared data directory never reads a half-written key: it reads the one that was linked first.
     */
    public static String readOrCreate(Path file, Supplier<String> generate) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                removeAbandonedDrafts(dir, file.getFileName().toString());
                Path draft = Files.createTempFile(dir, "." + file.getFileName(), ".new",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    writeDurably(draft, generate.get());
                    link(draft, file);
                    forceDirectory(dir);
                } catch (FileAlreadyExistsException createdMeanwhile) {
                    // another instance made it first: use theirs
                } finally {
                    Files.deleteIfExists(draft);
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    /** On disk before it is linked: a crash must not leave a linked key file that is empty. */
    private static void writeDurably(Path draft, String content) throws IOException {
        try (FileChannel channel = FileChannel.open(draft, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = StandardCharsets.US_ASCII.newEncoder().encode(java.nio.CharBuffer.wrap(content));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /**
     * Linked, so that of two starters the second is refused ({@link FileAlreadyExistsException}). A file
     * system without hard links refuses with EPERM or EOPNOTSUPP, a plain {@link FileSystemException}: there the
     * draft is renamed under a lock instead, since a rename would replace a key another starter just made.
     * Any other failure (a full disk, no permission) is reported as it is.
     */
    private static void link(Path draft, Path file) throws IOException {
        try {
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException createdMeanwhile) {
            throw createdMeanwhile;
        } catch (UnsupportedOperationException noLinks) {
            renameUnderLock(draft, file);
        } catch (FileSystemException e) {
            if (!NO_HARD_LINKS.contains(e.getReason())) {
                throw e;
            }
            renameUnderLock(draft, file);
        }
    }

    /** The lock is a process's (fcntl); the monitor keeps two registries in one JVM from overlapping on it. */
    private static synchronized void renameUnderLock(Path draft, Path file) throws IOException {
        Path lockFile = draft.resolveSibling("." + file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = channel.lock()) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(draft, file);
        }
    }

    /** The new name on disk too; a file system that cannot open a directory for that keeps its own order. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // nothing more can be done here
        }
    }

    /** A start that died between writing its draft and deleting it left a copy of a key behind. */
    private static void removeAbandonedDrafts(Path dir, String name) throws IOException {
        Instant before = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> drafts = Files.newDirectoryStream(dir, "." + name + "*.new")) {
            for (Path draft : drafts) {
                try {
                    if (Files.getLastModifiedTime(draft).toInstant().isBefore(before)) {
                        Files.deleteIfExists(draft);
                    }
                } catch (java.nio.file.NoSuchFileException removedMeanwhile) {
                    // another starter removed it
                }
            }
        }
    }
}
