package cn.unioncard.registry.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Masked, access-logged member list pages of 20, read by the district's reviewer: first pages of
 * every seeded union, and deep pages (the last tenth) of the big union, by page number and after a
 * cursor (what a client walking the list with {@code next} asks).
 */
final class ListPages implements Scenario {

    @Override
    public String name() {
        return "member list pages";
    }

    @Override
    public void run(Bench bench) throws Exception {
        int clients = bench.config.readClients();
        Stats first = Load.timed("list-first", clients, bench.warmup(), bench.duration(), (c, n) -> {
            String union = bench.unions.get(ThreadLocalRandom.current().nextInt(bench.unions.size()));
            return bench.http.get("/api/unions/" + union + "/members?page=0&size=20", bench.reviewer).status();
        });
        String label = name() + ", " + clients + " clients";
        bench.reportLoad(label + ", first pages", first, DatabaseBaseline.SINGLE_16, 0.12, "p95", 20);

        int pages = Math.max(1, bench.config.bigUnion() / 20);
        int from = pages - Math.max(1, pages / 10);
        Stats deep = Load.timed("list-deep", clients, bench.warmup(), bench.duration(), (c, n) -> {
            int page = from + ThreadLocalRandom.current().nextInt(pages - from);
            return bench.http.get("/api/unions/" + bench.bigUnion + "/members?page=" + page + "&size=20",
                    bench.reviewer).status();
        });
        bench.reportLoad(label + ", deep pages of " + bench.config.bigUnion(), deep, DatabaseBaseline.SINGLE_16, 0.12,
                "p95", 20);
        double ratio = deep.throughput() / first.throughput();
        bench.report(label + ", deep pages of " + bench.config.bigUnion(), "deep ÷ first throughput", ratio, "×",
                "≥ 0.8", ratio >= 0.8, null);

        List<String> cursors = lastTenthCursors(bench);
        Stats afterCursor = Load.timed("list-cursor", clients, bench.warmup(), bench.duration(), (c, n) -> {
            String after = cursors.get(ThreadLocalRandom.current().nextInt(cursors.size()));
            return bench.http.get("/api/unions/" + bench.bigUnion + "/members?size=20&after=" + after, bench.reviewer)
                    .status();
        });
        String cursorLabel = label + ", deep pages of " + bench.config.bigUnion() + " after a cursor";
        bench.reportLoad(cursorLabel, afterCursor, DatabaseBaseline.SINGLE_16, 0.12, "p95", 20);
        double cursorRatio = afterCursor.throughput() / first.throughput();
        bench.report(cursorLabel, "deep ÷ first throughput", cursorRatio, "×", "≥ 0.8", cursorRatio >= 0.8, null);
    }

    /**
     * Walks the big union once with {@code after}, in pages of about a fiftieth of it, and keeps the
     * cursors that start a page in its last tenth.
     */
    private static List<String> lastTenthCursors(Bench bench) {
        int members = bench.config.bigUnion();
        int step = Math.max(1, Math.min(200, members / 50));
        List<String> cursors = new ArrayList<>();
        String path = "/api/unions/" + bench.bigUnion + "/members?size=" + step;
        String next = bench.http.get(path, bench.reviewer).expect(200, "the big union's first page").json()
                .path("next").asText(null);
        for (long seen = step; next != null; seen += step) {
            if (seen >= members - Math.max(1, members / 10)) {
                cursors.add(next);
            }
            next = bench.http.get(path + "&after=" + next, bench.reviewer).expect(200, "a page after a cursor").json()
                    .path("next").asText(null);
        }
        if (cursors.isEmpty()) {
            throw new IllegalStateException("no cursor in the last tenth of the big union");
        }
        return cursors;
    }
}
