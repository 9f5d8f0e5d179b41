package cn.unioncard.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The chain over every event of the run: {@code GET /api/audit/verify}, and the offline
 * {@code VerifyChain} tool (its own JVM, start-up included) over {@code /api/audit/export}.
 */
final class ChainVerification implements Scenario {

    private static final Pattern INTACT = Pattern.compile("INTACT: (\\d+) events checked");

    @Override
    public String name() {
        return "chain verification";
    }

    @Override
    public void run(Bench bench) throws Exception {
        bench.http.post("/api/audit/checkpoints", bench.admin, "{}").expect(200, "a checkpoint");
        long t0 = System.nanoTime();
        JsonNode report = bench.http.get("/api/audit/verify", bench.admin).expect(200, "verify").json();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long events = report.path("eventsChecked").asLong();
        if (!report.path("intact").asBoolean()) {
            bench.errors++;
            System.out.println("BENCH the chain is not intact: " + report);
        }
        System.out.printf("BENCH endpoint: %d events in %.2f s%n", events, seconds);
        bench.report(name() + ", endpoint (" + events + " events)", "events/s", events / seconds, "events/s",
                "≥ 100,000", events / seconds >= 100_000, DatabaseBaseline.BULK);

        Path digest = bench.config.out().resolve("digest.json");
        Path export = bench.config.out().resolve("events.ndjson");
        try {
            if (bench.http.download("/api/audit/digest", bench.admin, digest) != 200
                    || bench.http.download("/api/audit/export", bench.admin, export) != 200) {
                throw new IllegalStateException("digest or export refused");
            }
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", bench.config.jar().toAbsolutePath().toString(),
                    "-Dloader.main=cn.unioncard.registry.integrity.VerifyChain",
                    "org.springframework.boot.loader.launch.PropertiesLauncher",
                    "--file", export.toString(), "--digest", digest.toString()));
            long t1 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor(10, TimeUnit.MINUTES);
            double toolSeconds = (System.nanoTime() - t1) / 1e9;
            Matcher m = INTACT.matcher(out);
            if (p.exitValue() != 0 || !m.find()) {
                bench.errors++;
                System.out.println("BENCH VerifyChain: " + out.strip());
                return;
            }
            long checked = Long.parseLong(m.group(1));
            System.out.printf("BENCH offline tool: %d events in %.2f s (export %,d bytes)%n", checked, toolSeconds,
                    Files.size(export));
            bench.report(name() + ", offline tool (" + checked + " events)", "events/s", checked / toolSeconds,
                    "events/s", "≥ 100,000", checked / toolSeconds >= 100_000, DatabaseBaseline.BULK);
        } finally {
            Files.deleteIfExists(export);
            Files.deleteIfExists(digest);
        }
    }
}
