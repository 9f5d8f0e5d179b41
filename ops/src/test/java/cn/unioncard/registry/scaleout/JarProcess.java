package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.Api;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One registry process as production runs it ({@code java -jar ops-….jar}) on an external database,
 * configured only through its environment, its output in a log file. It can be stopped or killed.
 */
final class JarProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Api api;
    private final Path log;

    private JarProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.api = new Api(port);
    }

    /** Starts the jar with {@code env} (plus its own port) and waits until its health is UP. */
    static JarProcess start(String name, Path jar, Map<String, String> env, Path log) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseParallelGC", "-Xms256m", "-Xmx512m", "-jar", jar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_") || k.startsWith("SPRING_")
                || k.equals("SERVER_PORT"));
        pb.environment().putAll(env);
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        JarProcess started = new JarProcess(name, pb.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(started.process::destroyForcibly));
        try {
            started.awaitUp(Duration.ofSeconds(240));
        } catch (Exception | Error e) {
            started.kill();
            throw e;
        }
        return started;
    }

    private void awaitUp(Duration within) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
                .connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not UP within " + within + "; see " + log);
    }

    String name() {
        return name;
    }

    Api api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no released claim, no finished request. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            kill();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
