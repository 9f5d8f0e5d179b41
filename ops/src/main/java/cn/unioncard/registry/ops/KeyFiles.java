package cn.unioncard.registry.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * Secrets the registry makes for itself and keeps in its data directory: created once, readable
 * by the owner only, never in the repository. The content is text (base64 lines).
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /** The file's content, creating the file with {@code generate}'s content if it is missing. */
    public static String readOrCreate(Path file, Supplier<String> generate) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                try {
                    Files.createFile(file,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, generate.get(), StandardCharsets.US_ASCII);
                } catch (FileAlreadyExistsException createdMeanwhile) {
                    // another instance made it first: use theirs
                }
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }
}
