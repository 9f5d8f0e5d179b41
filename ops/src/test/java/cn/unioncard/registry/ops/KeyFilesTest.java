package cn.unioncard.registry.ops;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Key files made once, whole, by whoever comes first, and readable by the owner only. */
class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void manyStartingAtOnceAllReadTheOneKeyThatWasLinkedFirst() throws Exception {
        Path file = dir.resolve("keys").resolve("data.key");
        AtomicInteger generated = new AtomicInteger();
        int starters = 16;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(starters);
        try {
            List<Future<String>> reads = IntStream.range(0, starters).mapToObj(i -> pool.submit(() -> {
                go.await();
                // long enough that a reader of a half-written file would see it cut short
                return KeyFiles.readOrCreate(file, () -> ("key-" + generated.incrementAndGet() + "-").repeat(4_000));
            })).toList();
            go.countDown();
            Set<String> seen = new java.util.HashSet<>();
            for (Future<String> read : reads) {
                seen.add(read.get());
            }
            assertThat(seen).as("every starter read the same key").hasSize(1);
            String key = seen.iterator().next();
            assertThat(key).hasSize(("key-" + key.split("-")[1] + "-").length() * 4_000);
            assertThat(Files.readString(file)).isEqualTo(key);
        } finally {
            pool.shutdownNow();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> left = Files.list(file.getParent())) {
            assertThat(left.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .as("no drafts left behind").containsExactly("data.key");
        }
    }

    @Test
    void anExistingKeyIsReadAndNeverReplaced() throws Exception {
        Path file = dir.resolve("data.key");
        Files.writeString(file, "the-key\n");
        String read = KeyFiles.readOrCreate(file, () -> {
            throw new AssertionError("a key that exists is not made again");
        });
        assertThat(read).isEqualTo("the-key");
        assertThat(Files.readString(file)).isEqualTo("the-key\n");
    }

    @Test
    void aDraftLeftByAStartThatDiedIsRemovedAndOneBeingWrittenIsNot() throws Exception {
        Path file = dir.resolve("data.key");
        Path abandoned = dir.resolve(".data.key123.new");
        Path fresh = dir.resolve(".data.key456.new");
        Path otherKey = dir.resolve(".jwt.key789.new");
        for (Path p : List.of(abandoned, fresh, otherKey)) {
            Files.writeString(p, "a copy of a key");
        }
        java.nio.file.attribute.FileTime anHourAgo = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(1)));
        Files.setLastModifiedTime(abandoned, anHourAgo);
        Files.setLastModifiedTime(otherKey, anHourAgo);

        assertThat(KeyFiles.readOrCreate(file, () -> "new-key")).isEqualTo("new-key");

        assertThat(abandoned).doesNotExist();
        assertThat(fresh).as("another starter may still be writing it").exists();
        assertThat(otherKey).as("another key's draft is that key's business").exists();
    }
}
