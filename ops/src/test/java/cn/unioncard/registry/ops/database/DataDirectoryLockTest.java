package cn.unioncard.registry.ops.database;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data directory's lock is held by a live process, in this JVM or another, and is free again
 * the moment its owner dies (killed, not stopped): so only a dead owner's directory is taken over.
 */
class DataDirectoryLockTest {

    @Test
    void aLiveOwnerInAnotherProcessKeepsTheDirectoryAndItsDeathFreesIt() throws Exception {
        Path dir = Files.createTempDirectory("registry-lock-");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process owner = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), dir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");

            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir)).isInstanceOf(DataDirectoryLock.InUse.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString());

            owner.destroyForcibly();
            assertThat(owner.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try (DataDirectoryLock taken = DataDirectoryLock.acquire(dir)) {
                assertThat(Files.readString(taken.file()).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            }
        } finally {
            owner.destroyForcibly();
            deleteQuietly(dir);
        }
    }

    @Test
    void aSecondLockInTheSameProcessIsRefusedAndTheFirstReleasesOnClose() throws Exception {
        Path dir = Files.createTempDirectory("registry-lock-");
        try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dir)).isInstanceOf(DataDirectoryLock.InUse.class);
        }
        DataDirectoryLock.acquire(dir).close();
        deleteQuietly(dir);
    }

    private static void deleteQuietly(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A registry stand-in in its own JVM: takes the lock and holds it until killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            DataDirectoryLock.acquire(Path.of(args[0]));
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
