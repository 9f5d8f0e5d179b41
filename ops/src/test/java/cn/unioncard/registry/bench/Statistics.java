package cn.unioncard.registry.bench;

import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.testing.MemberData;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The city's statistics: the population topped up by imports to {@code bench.asOfMembers}, the figures as
 * of now recomputed from the stored events (the as-of path), then topped up to {@code bench.statisticsMembers}
 * and the live figures of the whole city read by a few clients (the projection's path), beside the run's
 * database baseline.
 */
final class Statistics implements Scenario {

    /** Rows per imported file while topping up. */
    private static final int CHUNK = 50_000;

    @Override
    public String name() {
        return "statistics";
    }

    @Override
    public void run(Bench bench) throws Exception {
        int asOfMembers = Integer.getInteger("bench.asOfMembers", bench.config.size().equals("full") ? 100_000 : 0);
        int liveMembers = Integer.getInteger("bench.statisticsMembers",
                bench.config.size().equals("full") ? 300_000 : 0);
        long members = topUp(bench, asOfMembers);
        double[] seconds = new double[3];
        for (int i = 0; i < seconds.length; i++) {
            String asOf = URLEncoder.encode(OffsetDateTime.now(ZoneOffset.ofHours(8)).toString(), StandardCharsets.UTF_8);
            long t0 = System.nanoTime();
            bench.http.get("/api/statistics?asOf=" + asOf, bench.admin).expect(200, "the statistics as of now");
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(seconds);
        bench.report(name() + " as of an instant, " + String.format("%,d", members) + " members", "median of 3",
                seconds[1], "s", "≤ 10 s at 100,000", members < 100_000 ? null : seconds[1] <= 10 * members / 100_000.0,
                null);

        members = topUp(bench, liveMembers);
        int clients = Math.min(4, bench.config.readClients());
        Stats live = Load.timed("statistics", clients, bench.warmup(), bench.duration(), (c, n) ->
                bench.http.get("/api/statistics", bench.admin).status());
        bench.reportLoad(name() + ", whole city, " + String.format("%,d", members) + " members, " + clients
                + " clients", live, DatabaseBaseline.SINGLE_16, 0.01, "p95", 200);
    }

    /** Imports members into new unions until the city counts {@code target}; answers the count. */
    private static long topUp(Bench bench, long target) throws Exception {
        long members = registered(bench);
        while (members < target) {
            int rows = (int) Math.min(CHUNK, target - members);
            String[] union = bench.grassroots("基准统计工会" + members);
            Path file = bench.dataDir.resolveSibling("statistics-" + rows + ".xlsx");
            long first = bench.nextPerson.getAndAdd(rows);
            MemberWorkbooks.write(file, rows, r -> MemberData.numbered((int) (first + r)));
            String job = "/api/imports/" + bench.http.upload("/api/unions/" + union[0] + "/member-imports", union[1],
                    file).expect(202, "the upload").json().path("jobId").asText();
            Imports.awaitDone(bench, job, union[1]);
            Files.deleteIfExists(file);
            long now = registered(bench);
            System.out.printf("BENCH statistics: %,d members after an import of %,d%n", now, rows);
            if (now <= members) {
                throw new IllegalStateException("an import added no member");
            }
            members = now;
        }
        return members;
    }

    private static long registered(Bench bench) {
        return bench.http.get("/api/statistics", bench.admin).expect(200, "the statistics").json()
                .path("total").path("members").path("registered").asLong();
    }
}
