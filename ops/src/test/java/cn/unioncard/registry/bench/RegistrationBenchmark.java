package cn.unioncard.registry.bench;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.testing.MemberData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Authenticated member registrations and access-logged list pages over HTTP on the embedded
 * database, with several clients at once. A measurement, not a test: it runs only with
 * {@code ./mvnw -pl ops test -Dtest=RegistrationBenchmark -Dbenchmark=true} (options
 * {@code -Dbench.clients=8 -Dbench.registrations=4000 -Dbench.pages=4000 -Dbench.args="--key=value …"}) and
 * prints its figures.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RegistrationBenchmark {

    @Test
    void registrationsAndListPages() throws Exception {
        int clients = Integer.getInteger("bench.clients", 8);
        int registrations = Integer.getInteger("bench.registrations", 4000);
        int pages = Integer.getInteger("bench.pages", 4000);
        // Extra application arguments, to compare settings: -Dbench.args="--a=b --c=d".
        String[] extra = System.getProperty("bench.args", "").isBlank() ? new String[0]
                : System.getProperty("bench.args").trim().split("\\s+");
        try (RunningRegistry registry = RunningRegistry.startFresh(extra)) {
            Api api = registry.api();
            String admin = api.login(RunningRegistry.ADMIN, RunningRegistry.ADMIN_PASSWORD);
            String city = api.get("/api/unions?level=CITY", admin).json().path("items").get(0).path("id").asText();
            String district = api.post("/api/unions", admin, Forms.district(city, "思明区总工会")).json()
                    .path("unionId").asText();
            Api.Response union = api.post("/api/unions", admin, Forms.minimalGrassroots(district, "基准测试工会"));
            String unionId = union.json().path("unionId").asText();
            String operator = api.loginAndChangePassword(union.json().path("operatorUsername").asText(),
                    union.json().path("oneTimePassword").asText(), "Bench-Operator-1");

            // Warm up the JIT and the pools, then measure.
            run(clients, 400, i -> api.post("/api/unions/" + unionId + "/members", operator, member(900_000 + i)));
            Result reg = run(clients, registrations, i -> api.post("/api/unions/" + unionId + "/members", operator,
                    member(i)));
            Result list = run(clients, pages, i -> api.get("/api/unions/" + unionId + "/members?size=20&page="
                    + (i % 50), operator));
            System.out.printf("BENCH registrations: %d clients, %d in %.2f s = %.0f/s, p50 %.1f ms, p95 %.1f ms, "
                            + "p99 %.1f ms, failures %d%n", clients, registrations, reg.seconds, registrations / reg.seconds,
                    reg.p(50), reg.p(95), reg.p(99), reg.failures);
            System.out.printf("BENCH list pages (20 members, access-logged): %d clients, %d in %.2f s = %.0f/s, "
                            + "p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, failures %d%n", clients, pages, list.seconds,
                    pages / list.seconds, list.p(50), list.p(95), list.p(99), list.failures);
            // What the server itself spent per request, apart from the in-process clients' own work.
            String metrics = api.get("/actuator/prometheus", null).body();
            for (String uri : List.of("/api/unions/{unionId}/members")) {
                for (String method : List.of("POST", "GET")) {
                    double sum = metric(metrics, "http_server_requests_seconds_sum", method, uri);
                    double count = metric(metrics, "http_server_requests_seconds_count", method, uri);
                    System.out.printf("BENCH server time %s %s: %.0f requests, mean %.1f ms%n", method, uri, count,
                            count == 0 ? 0 : sum / count * 1000);
                }
            }
            assertThat(reg.failures + list.failures).isZero();
        }
    }

    private static double metric(String prometheus, String name, String method, String uri) {
        return prometheus.lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("method=\"" + method + "\"")
                        && l.contains("uri=\"" + uri + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    interface Call {
        Api.Response send(int i);
    }

    record Result(double seconds, List<Double> millis, int failures) {
        double p(int percentile) {
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
        }
    }

    private static Result run(int clients, int total, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        List<Double> millis = Collections.synchronizedList(new ArrayList<>(total));
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    Api.Response r = call.send(i);
                    millis.add((System.nanoTime() - t0) / 1e6);
                    if (r.status() >= 300) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> w : workers) {
            w.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(seconds, millis, failures.get());
    }

    /** A real-shaped member with a distinct, valid resident ID number. */
    private static Map<String, Object> member(int n) {
        return MemberData.numbered(n).json();
    }
}
