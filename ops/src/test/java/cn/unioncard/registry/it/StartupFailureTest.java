package cn.unioncard.registry.it;

import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import cn.unioncard.registry.ops.database.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A start that fails for a reason an operator can fix says so in one line on stderr, starting
 * with "registry did not start:", instead of a stack trace.
 */
class StartupFailureTest {

    @Test
    void aTakenPortIsNamed() throws Exception {
        Path dataDir = RunningRegistry.newDataDir();
        // The wildcard address, as Tomcat binds it.
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            List<String> lines = failedStartLines(dataDir, "server.port=" + port);
            assertThat(lines).as("stderr lines of the reporter").hasSize(1);
            assertThat(lines.get(0)).contains(String.valueOf(port));
            // The embedded database started before the web server failed, and was stopped again.
            assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
            assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        } finally {
            RunningRegistry.deleteQuietly(dataDir);
        }
    }

    @Test
    void anUnreachableDatabaseIsNamed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Path dataDir = RunningRegistry.newDataDir();
        try {
            List<String> lines = failedStartLines(dataDir,
                    "registry.db.url=jdbc:postgresql://127.0.0.1:" + closedPort + "/x",
                    "registry.db.user=registry", "registry.db.password=secret-db-password");
            assertThat(lines).as("stderr lines of the reporter").hasSize(1);
            assertThat(lines.get(0)).containsIgnoringCase("database").doesNotContain("secret-db-password");
            // Nothing was started for the embedded database.
            assertThat(dataDir.resolve("postgres")).doesNotExist();
        } finally {
            RunningRegistry.deleteQuietly(dataDir);
        }
    }

    @Test
    void aSecondRegistryOnALiveRegistrysDataDirectoryRefusesAndTouchesNothing() throws Exception {
        try (RunningRegistry first = RunningRegistry.startFresh()) {
            Path dataDir = first.dataDir();
            EmbeddedPostgresServer server = (EmbeddedPostgresServer) first.context().getBean(DatabaseEndpoint.class);
            long postmaster = server.postmaster().orElseThrow().pid();
            Map<Path, FileTime> before = topLevelFiles(dataDir);

            List<String> lines = failedStartLines(dataDir);

            assertThat(lines).as("stderr lines of the reporter").hasSize(1);
            assertThat(lines.get(0)).contains(dataDir.toAbsolutePath().toString()).containsIgnoringCase("another registry");
            // The first registry keeps its database, its files and its answers.
            assertThat(server.postmaster().orElseThrow().pid()).isEqualTo(postmaster);
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
            assertThat(topLevelFiles(dataDir)).isEqualTo(before);
            assertThat(Files.readString(dataDir.resolve("registry.lock")).trim())
                    .isEqualTo(String.valueOf(ProcessHandle.current().pid()));
            assertThat(first.api().token(RunningRegistry.ADMIN, RunningRegistry.ADMIN_PASSWORD).status()).isEqualTo(200);
        }
    }

    private static Map<Path, FileTime> topLevelFiles(Path dir) throws IOException {
        Map<Path, FileTime> files = new TreeMap<>();
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName(), Files.getLastModifiedTime(p));
            }
        }
        return files;
    }

    /** Starts the registry, expects the start to fail, and returns the reporter's lines on stderr. */
    private static List<String> failedStartLines(Path dataDir, String... settings) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> {
                ConfigurableApplicationContext context = RunningRegistry.run(dataDir, settings);
                context.close();
            }).isInstanceOf(Exception.class);
        } finally {
            System.setErr(original);
        }
        String stderr = captured.toString(StandardCharsets.UTF_8);
        assertThat(stderr).as("stderr of the failed start").doesNotContain("\tat ").doesNotContain("Exception");
        return stderr.lines().filter(l -> l.startsWith("registry did not start:")).toList();
    }
}
