package cn.unioncard.registry.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * Every projection replayed from the event store, one after the other, on the run's whole history
 * (POST /api/admin/projections/{name}/replay, timed by the registry from start to swap): stored
 * events per second for each and over all of them, beside the raw baseline of the same run, one
 * plain JDBC read of every stored event with its payload and metadata (what a replay cannot beat).
 */
final class ProjectionReplays implements Scenario {

    static final String RAW = "raw event store read events/s";

    @Override
    public String name() {
        return "projection replays";
    }

    @Override
    public void run(Bench bench) throws Exception {
        double raw = rawRead(bench);
        bench.baseline(RAW, raw);
        bench.report(name() + ", raw read of the store", "events/s", raw, "events/s", null, null, null);
        long events = 0;
        double seconds = 0;
        for (JsonNode p : bench.http.get("/api/admin/projections", bench.admin).expect(200, "the projections").json()) {
            String group = p.path("name").asText();
            bench.http.post("/api/admin/projections/" + group + "/replay", bench.admin, "")
                    .expect(202, "the replay of " + group);
            JsonNode done = awaitReplay(bench, group);
            if (!done.path("state").asText().equals("running")) {
                bench.errors++;
                System.out.println("BENCH the replay of " + group + " failed: " + done);
            }
            JsonNode r = done.path("replay");
            double s = Duration.between(Instant.parse(r.path("startedAt").asText()),
                    Instant.parse(r.path("finishedAt").asText())).toNanos() / 1e9;
            long n = r.path("processed").asLong();
            events += n;
            seconds += s;
            bench.report(name() + ", " + group + " (" + n + " events)", "events/s", n / s, "events/s", null, null, RAW);
        }
        bench.report(name() + ", every projection (" + events + " events)", "events/s", events / seconds, "events/s",
                "≥ 20,000", events / seconds >= 20_000, RAW);
    }

    private static JsonNode awaitReplay(Bench bench, String group) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (true) {
            JsonNode p = bench.http.get("/api/admin/projections/" + group, bench.admin).expect(200, group).json();
            if (p.path("replay").hasNonNull("finishedAt")) {
                return p;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the replay of " + group + " did not end");
            }
            Thread.sleep(100);
        }
    }

    /** Every stored event read once over plain JDBC (superuser), payload and metadata included. */
    private static double rawRead(Bench bench) throws Exception {
        try (Connection c = DriverManager.getConnection(bench.registry.jdbcUrl(), "postgres", "")) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1000);
                long t0 = System.nanoTime();
                long n = 0;
                long bytes = 0;
                try (ResultSet rs = s.executeQuery("select global_index, event_identifier, aggregate_identifier,"
                        + " sequence_number, type, time_stamp, payload_type, payload, meta_data from domain_event_entry"
                        + " order by global_index")) {
                    while (rs.next()) {
                        n++;
                        bytes += rs.getBytes(8).length + rs.getBytes(9).length;
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("BENCH raw read: %,d events, %,d bytes in %.2f s%n", n, bytes, seconds);
                return n / seconds;
            }
        }
    }
}
