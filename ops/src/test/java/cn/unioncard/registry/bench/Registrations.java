package cn.unioncard.registry.bench;

import cn.unioncard.registry.testing.MemberData;

/** {@code POST /api/unions/{id}/members} by the union's operator, each a distinct person. */
final class Registrations implements Scenario {

    @Override
    public String name() {
        return "member registrations";
    }

    @Override
    public void run(Bench bench) throws Exception {
        String path = "/api/unions/" + bench.writeUnion + "/members";
        int clients = bench.config.writeClients();
        Stats s = Load.timed("registrations", clients, bench.warmup(), bench.duration(), (c, n) -> bench.http
                .post(path, bench.writeOperator, MemberData.numbered((int) bench.nextPerson.getAndIncrement()).json())
                .status());
        bench.reportLoad(name() + ", " + clients + " clients", s, DatabaseBaseline.SINGLE_16, 0.15, "p99", 25);
    }
}
