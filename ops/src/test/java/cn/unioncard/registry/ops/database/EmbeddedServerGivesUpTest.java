package cn.unioncard.registry.ops.database;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded server that died and cannot be started again is handed to the supervisor (the
 * registry exits) rather than left dead behind a registry that only answers 503.
 */
class EmbeddedServerGivesUpTest {

    @Test
    void aDeadServerThatCannotStartAgainMakesTheRegistryGiveUp() throws Exception {
        Path dataDir = Files.createTempDirectory("registry-pg-");
        CountDownLatch gaveUp = new CountDownLatch(1);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false, Duration.ofSeconds(2),
                gaveUp::countDown);
        Path version = dataDir.resolve("postgres/PG_VERSION");
        try {
            ProcessHandle postmaster = server.postmaster().orElseThrow();
            postmaster.destroyForcibly();
            postmaster.onExit().get(10, TimeUnit.SECONDS);
            // Without its version file the data directory is no cluster any more: every start fails.
            Files.move(version, version.resolveSibling("PG_VERSION.hidden"));

            assertThat(gaveUp.await(60, TimeUnit.SECONDS)).as("the registry gave up").isTrue();
            assertThat(server.postmaster().map(ProcessHandle::isAlive)).contains(false);
        } finally {
            server.close();
            deleteQuietly(dataDir);
        }
    }

    private static void deleteQuietly(Path dir) throws Exception {
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
