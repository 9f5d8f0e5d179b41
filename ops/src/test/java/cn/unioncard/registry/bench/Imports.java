package cn.unioncard.registry.bench;

import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Bulk import of the member entry template, as a city's first wave arrives: a generated file of
 * distinct, valid members uploaded by the union's operator, timed from the upload to the job being
 * {@code DONE} and to the member list showing every row. The registry runs with the heap the issue
 * caps it at ({@code bench.importJvmFlags}) and is restarted with the run's own flags afterwards.
 */
final class Imports implements Scenario {

    @Override
    public String name() {
        return "member import";
    }

    @Override
    public void run(Bench bench) throws Exception {
        bench.stopRegistry();
        bench.startRegistry(bench.config.jar(), bench.config.importJvmFlags());
        try {
            for (int rows : bench.config.importSizes()) {
                importFile(bench, rows);
            }
        } finally {
            bench.stopRegistry();
            bench.startRegistry();
        }
    }

    private void importFile(Bench bench, int rows) throws Exception {
        String[] union = bench.grassroots("基准导入工会" + rows);
        Path file = bench.dataDir.resolveSibling("import-" + rows + ".xlsx");
        long first = bench.nextPerson.getAndAdd(rows);
        MemberWorkbooks.write(file, rows, r -> MemberData.numbered((int) (first + r)));
        System.out.printf("BENCH import file of %,d rows: %,d bytes%n", rows, Files.size(file));

        long t0 = System.nanoTime();
        JsonNode queued = bench.http.upload("/api/unions/" + union[0] + "/member-imports", union[1], file)
                .expect(202, "the upload").json();
        String job = "/api/imports/" + queued.path("jobId").asText();
        JsonNode done = awaitDone(bench, job, union[1]);
        double jobSeconds = (System.nanoTime() - t0) / 1e9;
        bench.waitForList(union[0], rows, 50);
        double listedSeconds = (System.nanoTime() - t0) / 1e9;
        Files.deleteIfExists(file);

        long accepted = done.path("accepted").asLong();
        if (accepted != rows) {
            bench.errors++;
            System.out.printf("BENCH import of %,d rows accepted only %,d: %s%n", rows, accepted, done);
        }
        String scenario = name() + ", " + String.format("%,d", rows) + " rows";
        double target = rows <= 10_000 ? 3 : 30.0 * rows / 100_000;
        bench.report(scenario, "job DONE", jobSeconds, "s", null, null, null);
        bench.report(scenario, "all rows in the member list", listedSeconds, "s",
                "≤ " + Bench.format(target) + " s", listedSeconds <= target, null);
        bench.report(scenario, "rows/s to the list", rows / listedSeconds, "rows/s", "≥ 0.20 × "
                + DatabaseBaseline.SINGLE_16, rows / listedSeconds / bench.baseline(DatabaseBaseline.SINGLE_16) >= 0.2,
                DatabaseBaseline.SINGLE_16);
    }

    static JsonNode awaitDone(Bench bench, String job, String token) throws InterruptedException {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        String last = "";
        while (System.nanoTime() < deadline) {
            var r = bench.http.get(job, token);
            if (r.status() == 200) {
                JsonNode j = r.json();
                String state = j.path("state").asText();
                if (state.equals("DONE")) {
                    return j;
                }
                if (state.equals("FAILED")) {
                    throw new IllegalStateException("the import failed: " + r.shortBody());
                }
                last = state + " " + j.path("processed").asText() + "/" + j.path("total").asText();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the import did not finish: " + last);
    }

    /** {@code "10000,100000"} as the file sizes to import, in order. */
    static List<Integer> sizes(String spec) {
        return Arrays.stream(spec.split(",")).map(String::trim).map(Integer::valueOf).toList();
    }
}
