package cn.unioncard.registry.bench;

import java.util.concurrent.ThreadLocalRandom;

/** {@code GET /api/members/{id}}, masked and revealed with a purpose (both access-logged), by the union's operator. */
final class MemberDetail implements Scenario {

    @Override
    public String name() {
        return "member detail";
    }

    @Override
    public void run(Bench bench) throws Exception {
        int clients = bench.config.detailClients();
        for (String query : new String[] {"", "?reveal=true&purpose=benchmark%20check%20of%20the%20card"}) {
            Stats s = Load.timed(query.isEmpty() ? "detail-masked" : "detail-revealed", clients, bench.warmup(),
                    bench.duration(), (c, n) -> {
                        String id = bench.bigMembers.get(ThreadLocalRandom.current().nextInt(bench.bigMembers.size()));
                        return bench.http.get("/api/members/" + id + query, bench.bigOperator).status();
                    });
            bench.reportLoad(name() + (query.isEmpty() ? ", masked" : ", revealed with purpose") + ", " + clients
                    + " clients", s, DatabaseBaseline.SINGLE_16, 0.15, "p99", 25);
        }
    }
}
