package cn.unioncard.registry.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets the registry makes for itself and keeps in its data directory: created once, readable
 * by the owner only, never in the repository. The content is text (base64 lines).
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * The file's content, creating the file with {@code generate}'s content if it is missing. The content is
     * written to a file of its own first and linked in whole, so a registry starting at the same moment on a
     * shared data directory never reads a half-written key: it reads the one that was linked first.
     */
    public static String readOrCreate(Path file, Supplier<String> generate) {
        try {
            if (!Files.exists(file)) {
                Path dir = file.toAbsolutePath().getParent();
                Files.createDirectories(dir);
                Path draft = Files.createTempFile(dir, "." + file.getFileName(), ".new",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                try {
                    writeDurably(draft, generate.get());
                    link(draft, file);
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
            ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        }
    }

    /**
     * A file system without hard links (vfat, exfat, some CIFS mounts) refuses the link with EPERM,
     * which arrives as a plain {@link FileSystemException}: the draft is renamed instead, refused if
     * the file appeared meanwhile.
     */
    private static void link(Path draft, Path file) throws IOException {
        try {
            Files.createLink(file, draft);
        } catch (FileAlreadyExistsException createdMeanwhile) {
            throw createdMeanwhile;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            Files.move(draft, file);
        }
    }
}
