package cn.unioncard.registry.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The packaged registry as production runs it: {@code java <flags> -jar ops-….jar} in its own
 * process, on a data directory of its own (embedded PostgreSQL), output to a log file.
 */
final class RegistryProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dataDir;
    private final double startSeconds;
    private final Thread onExit;

    private RegistryProcess(Process process, int port, Path dataDir, double startSeconds, Thread onExit) {
        this.process = process;
        this.onExit = onExit;
        this.port = port;
        this.dataDir = dataDir;
        this.startSeconds = startSeconds;
    }

    /** Starts the jar and waits until {@code /actuator/health} answers UP. */
    static RegistryProcess start(Path jar, Path dataDir, List<String> jvmFlags, String adminPassword, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder pb = processBuilder(jar, dataDir, jvmFlags, adminPassword, log, port);
        long t0 = System.nanoTime();
        Process p = pb.start();
        // A driver killed by a build timeout still stops what it started.
        Thread onExit = new Thread(() -> {
            try {
                stop(p, dataDir);
            } catch (InterruptedException ignored) {
                // exiting anyway
            }
        });
        Runtime.getRuntime().addShutdownHook(onExit);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(240);
        try {
            awaitUp(p, http, health, deadline, log);
        } catch (IOException | InterruptedException | RuntimeException | Error failed) {
            Runtime.getRuntime().removeShutdownHook(onExit);
            stop(p, dataDir);
            throw failed;
        }
        return new RegistryProcess(p, port, dataDir, (System.nanoTime() - t0) / 1e9, onExit);
    }

    /** {@code java <flags> -jar <jar>} as production runs it, on {@code dataDir}, its output appended to {@code log}. */
    static ProcessBuilder processBuilder(Path jar, Path dataDir, List<String> jvmFlags, String adminPassword, Path log,
                                         int port) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dataDir.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("SPRING_") || k.equals("SERVER_PORT"));
        env.put("REGISTRY_DATA_DIR", dataDir.toAbsolutePath().toString());
        env.put("REGISTRY_ADMIN_PASSWORD", adminPassword);
        env.put("REGISTRY_TOKEN_TTL", "PT12H");
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        return pb;
    }

    private static void awaitUp(Process p, HttpClient http, HttpRequest health, long deadline, Path log)
            throws IOException, InterruptedException {
        while (true) {
            if (!p.isAlive()) {
                throw new IllegalStateException("the registry exited with " + p.exitValue() + " during its start; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    break;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the registry was not UP within 240 s; see " + log);
            }
            Thread.sleep(25);
        }
    }

    int port() {
        return port;
    }

    /** Seconds from the process's start to its first health answer UP. */
    double startSeconds() {
        return startSeconds;
    }

    /** The embedded PostgreSQL's port, from its pid file (line 4), as any local tool can read it. */
    int databasePort() throws IOException {
        List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
        return Integer.parseInt(pid.get(3).trim());
    }

    /** The embedded server's superuser connection (local connections are trusted; it listens on localhost only). */
    String jdbcUrl() throws IOException {
        return "jdbc:postgresql://localhost:" + databasePort() + "/registry";
    }

    @Override
    public void close() throws InterruptedException {
        Runtime.getRuntime().removeShutdownHook(onExit);
        stop(process, dataDir);
    }

    /**
     * Stops the registry, gracefully if it will. The embedded PostgreSQL is started by pg_ctl, so it
     * is no child of the jar: when the jar had to be killed, its server is killed too, by the pid
     * in its pid file, before anyone deletes the data directory under it.
     */
    static void stop(Process registry, Path dataDir) throws InterruptedException {
        registry.destroy();
        if (!registry.waitFor(60, TimeUnit.SECONDS)) {
            registry.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
        try {
            if (Files.exists(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
                Optional<ProcessHandle> postmaster = ProcessHandle.of(pid);
                if (postmaster.isPresent()) {
                    postmaster.get().destroyForcibly();
                    postmaster.get().onExit().get(10, TimeUnit.SECONDS);
                }
            }
        } catch (IOException | RuntimeException | java.util.concurrent.ExecutionException
                 | java.util.concurrent.TimeoutException e) {
            System.err.println("[bench] could not stop the embedded PostgreSQL of " + dataDir + ": " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
