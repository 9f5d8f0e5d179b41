package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.MachinePostgres;
import cn.unioncard.registry.testing.MemberData;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the throughput goes with 1, 2 and 3 processes on one database (docs/capacity.md): registrations
 * and recorded detail reads from 16 clients through a round-robin balancer, each beside the server's
 * raw single-row insert rate from 16 connections in the same run. Not part of {@code verify} (its
 * name ends in neither Test nor IT); run it on a quiet machine with
 * {@code ./mvnw -B -pl ops -am verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScaleOutThroughput}.
 */
class ScaleOutThroughput {

    private static final int CLIENTS = 16;
    private static final int SECONDS = Integer.getInteger("scaleout.seconds", 30);
    private static final int WARM_UP = Integer.getInteger("scaleout.warmup", 20);

    @Test
    void throughput_with_one_two_and_three_processes() throws Exception {
        for (int processes = 1; processes <= 3; processes++) {
            try (MachinePostgres pg = MachinePostgres.start()) {
                Path out = Path.of(System.getProperty("bench.out", "target/bench")).resolve("throughput-" + processes);
                try (Cluster cluster = Cluster.start(pg, processes,
                        Path.of(System.getProperty("bench.jar", "target/ops-0.1.0-SNAPSHOT.jar")), out)) {
                    measure(pg, cluster);
                }
            }
        }
    }

    private static void measure(MachinePostgres pg, Cluster cluster) throws Exception {
        String admin = cluster.at(0).login("admin", ScaleOutIT.ADMIN_PASSWORD);
        String city = cluster.at(0).get("/api/unions?level=CITY", admin).json().path("items").get(0).path("id").asText();
        String district = cluster.at(0).post("/api/unions", admin, Forms.district(city, "翔安区总工会")).json()
                .path("unionId").asText();
        List<ScaleOutIT.Union> unions = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Response g = cluster.at(i).post("/api/unions", admin, Forms.minimalGrassroots(district, "翔安第" + i + "测试公司工会"));
            unions.add(new ScaleOutIT.Union(g.json().path("unionId").asText(), cluster.at(i).loginAndChangePassword(
                    g.json().path("systemCode").asText(), g.json().path("oneTimePassword").asText(), "Operator-Password-" + i)));
        }
        double raw = RawBaseline.singleRowTransactionsPerSecond(pg, CLIENTS, 5);
        AtomicInteger people = new AtomicInteger();
        AtomicInteger turn = new AtomicInteger();
        List<String> members = Collections.synchronizedList(new ArrayList<>());
        Call register = c -> {
            ScaleOutIT.Union union = unions.get(c % unions.size());
            Response r = cluster.at(turn.getAndIncrement()).post("/api/unions/" + union.id() + "/members",
                    union.operator(), MemberData.numbered(people.getAndIncrement()).json());
            if (r.status() == 201) {
                members.add(union.operator() + " " + r.json().path("memberId").asText());
            }
            return r.status() == 201;
        };
        Call read = c -> {
            String[] member = members.get(Math.floorMod(turn.getAndIncrement() * 31 + c, members.size())).split(" ");
            return cluster.at(turn.getAndIncrement()).get("/api/members/" + member[1], member[0]).status() == 200;
        };
        // Measured warm, as production runs: a first round of each, not counted, lets the JIT compile the paths.
        run(register, WARM_UP);
        run(read, WARM_UP);
        Run registrations = run(register, SECONDS);
        Run reads = run(read, SECONDS);
        System.out.printf("SCALEOUT-THROUGHPUT %d processes: raw single-row insert %.0f tx/s (16 conn); registrations "
                        + "%.1f/s p99 %.0f ms (%.3f × raw, %d failed); detail reads %.1f/s p99 %.0f ms (%.3f × raw, %d failed)%n",
                cluster.size(), raw, registrations.perSecond(), registrations.p99(), registrations.perSecond() / raw,
                registrations.failed(), reads.perSecond(), reads.p99(), reads.perSecond() / raw, reads.failed());
        assertThat(registrations.failed() + reads.failed()).isZero();
    }

    record Run(double perSecond, double p99, int failed) {
    }

    interface Call {
        boolean call(int client) throws Exception;
    }

    private static Run run(Call call, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<List<Long>>> results = new ArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                List<Long> nanos = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    if (call.call(client)) {
                        nanos.add(System.nanoTime() - t0);
                    } else {
                        failed.incrementAndGet();
                    }
                }
                return nanos;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : results) {
            all.addAll(f.get());
        }
        pool.shutdown();
        Collections.sort(all);
        double p99 = all.isEmpty() ? Double.NaN : all.get((int) Math.min(all.size() - 1, Math.ceil(all.size() * 0.99) - 1)) / 1e6;
        return new Run(all.size() / (double) seconds, p99, failed.get());
    }
}
