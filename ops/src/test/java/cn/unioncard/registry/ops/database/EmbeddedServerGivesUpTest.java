package cn.unioncard.registry.ops.database;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog of the embedded server: a start that fails once is tried again, and a server that
 * cannot be started again is handed to the supervisor (the registry exits) rather than left dead
 * behind a registry that would only answer 503.
 */
class EmbeddedServerGivesUpTest {

    @Test
    void aFailedRestartIsTriedAgainAndAServerThatCannotStartMakesTheRegistryGiveUp() throws Exception {
        Path dataDir = Files.createTempDirectory("registry-pg-");
        CountDownLatch gaveUp = new CountDownLatch(1);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, false, Duration.ofMillis(500),
                gaveUp::countDown);
        Path version = dataDir.resolve("postgres/PG_VERSION");
        Path hidden = version.resolveSibling("PG_VERSION.hidden");
        try {
            // Without its version file the data directory is no cluster: a start fails while it is hidden.
            ProcessHandle first = killAndHide(server, version, hidden);
            Thread.sleep(5000);
            Files.move(hidden, version);
            ProcessHandle second = awaitNewPostmaster(server, first, 60);
            assertThat(second.isAlive()).as("started again after a failed attempt").isTrue();
            assertThat(gaveUp.getCount()).isEqualTo(1);

            killAndHide(server, version, hidden);
            assertThat(gaveUp.await(90, TimeUnit.SECONDS)).as("the registry gave up").isTrue();
            assertThat(server.postmaster().map(ProcessHandle::isAlive)).contains(false);
        } finally {
            server.close();
            deleteQuietly(dataDir);
        }
    }

    private static ProcessHandle killAndHide(EmbeddedPostgresServer server, Path version, Path hidden) throws Exception {
        ProcessHandle postmaster = server.postmaster().orElseThrow();
        postmaster.destroyForcibly();
        postmaster.onExit().get(10, TimeUnit.SECONDS);
        Files.move(version, hidden);
        return postmaster;
    }

    private static ProcessHandle awaitNewPostmaster(EmbeddedPostgresServer server, ProcessHandle old, int seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            ProcessHandle now = server.postmaster().orElse(old);
            if (now.pid() != old.pid() && now.isAlive()) {
                return now;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no new postmaster within " + seconds + " s");
    }

    private static void deleteQuietly(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
