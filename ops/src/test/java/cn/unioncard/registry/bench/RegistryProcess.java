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

    private RegistryProcess(Process process, int port, Path dataDir, double startSeconds) {
        this.process = process;
        this.port = port;
        this.dataDir = dataDir;
        this.startSeconds = startSeconds;
    }

    /** Starts the jar and waits until {@code /actuator/health} answers UP. */
    static RegistryProcess start(Path jar, Path dataDir, List<String> jvmFlags, String adminPassword, Path log)
            throws IOException, InterruptedException {
        int port = freePort();
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
        long t0 = System.nanoTime();
        Process p = pb.start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(240);
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
                p.destroyForcibly();
                throw new IllegalStateException("the registry was not UP within 240 s; see " + log);
            }
            Thread.sleep(25);
        }
        return new RegistryProcess(p, port, dataDir, (System.nanoTime() - t0) / 1e9);
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
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
