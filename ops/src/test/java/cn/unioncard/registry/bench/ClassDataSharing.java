package cn.unioncard.registry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The production command with a class-data-sharing archive, made as README "Performance" says: the
 * jar extracted by Spring Boot's tools, then one training run on a throwaway data directory that
 * starts the registry, stops it once ready ({@code -Dregistry.cds-training-run=true}) and writes the archive at exit.
 */
final class ClassDataSharing {

    /** The extracted jar, the JVM flags that use the archive, and how long extracting and training took. */
    record Prepared(Path jar, List<String> jvmFlags, double seconds) {
    }

    private ClassDataSharing() {
    }

    static Prepared prepare(Path jar, List<String> jvmFlags, Path dir, Path log) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Path extracted = dir.resolve("app");
        Path training = dir.resolve("training").resolve("data");
        Files.createDirectories(training);
        Files.deleteIfExists(log);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process extract = new ProcessBuilder(java, "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract",
                "--destination", extracted.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        awaitSuccess(extract, 120, "extracting the jar", log);

        Path appJar = extracted.resolve(jar.getFileName());
        Path archive = extracted.resolve("app.jsa");
        List<String> trainingFlags = new ArrayList<>(jvmFlags);
        trainingFlags.add("-XX:ArchiveClassesAtExit=" + archive.toAbsolutePath());
        trainingFlags.add("-Dregistry.cds-training-run=true");
        Process train = RegistryProcess.processBuilder(appJar, training, trainingFlags, Bench.ADMIN_PASSWORD, log, 0)
                .start();
        try {
            // A whole first start (initdb, every migration) and a stop: on a busy machine far longer than a restart.
            awaitSuccess(train, 600, "the training run", log);
            // A clean stop removes the pid file; Spring's spring.context.exit=onRefresh would leave the server running.
            if (Files.exists(training.resolve("postgres").resolve("postmaster.pid"))) {
                throw new IllegalStateException("the training run left its embedded PostgreSQL running; see " + log);
            }
        } finally {
            RegistryProcess.stop(train, training);
        }
        if (!Files.exists(archive)) {
            throw new IllegalStateException("the training run wrote no class archive; see " + log);
        }
        List<String> flags = new ArrayList<>(jvmFlags);
        flags.add("-XX:SharedArchiveFile=" + archive.toAbsolutePath());
        return new Prepared(appJar, flags, (System.nanoTime() - t0) / 1e9);
    }

    private static void awaitSuccess(Process p, int seconds, String what, Path log) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(what + " did not end within " + seconds + " s; see " + log);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(what + " ended with " + p.exitValue() + "; see " + log);
        }
    }
}
