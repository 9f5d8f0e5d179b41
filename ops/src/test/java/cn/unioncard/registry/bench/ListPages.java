package cn.unioncard.registry.bench;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Masked, access-logged member list pages of 20, read by the district's reviewer: first pages of
 * every seeded union, and deep pages (the last tenth) of the big union.
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
    }
}
