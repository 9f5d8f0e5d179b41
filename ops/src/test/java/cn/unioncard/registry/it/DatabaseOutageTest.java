package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import cn.unioncard.registry.ops.database.EmbeddedPostgresServer;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database dies under load, twice (a fast stop, then SIGKILL of the postmaster): clients get
 * 2xx or 503 problem documents, never a 500; keyed retries of unanswered writes get the first
 * answer and make no duplicate; every acknowledged write is there afterwards; health goes DOWN and
 * UP; the registry serves again by itself, its chain verifies, and it stops within 30 s even with
 * its database dead.
 */
class DatabaseOutageTest {

    private static final int CLIENTS = 4;
    /** Short, so that some requests are cut off while the server still works on them, as a real client's are. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(2500);
    private static final Duration OUTAGE = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .proxy(HttpClient.Builder.NO_PROXY).build();

    /** What the clients saw; {@code -1} is no answer (cut off or refused). */
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> wrongAnswers = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger keyedRetries = new AtomicInteger();
    /** ID number → the member id the registry acknowledged for it. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();

    @Test
    void underLoadAStoppedAndAKilledDatabaseGiveOnly503sLoseNothingAndRecoverByThemselves() throws Exception {
        RunningRegistry registry = RunningRegistry.startFresh("registry.embedded.restart-delay=" + OUTAGE);
        boolean closed = false;
        try {
            Api api = registry.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String cityId = MemberSupport.cityId(api, admin);
            Response district = api.post("/api/unions", admin, Forms.district(cityId, "海沧区总工会"));
            assertThat(district.status()).as("%s", district).isEqualTo(201);
            Response union = api.post("/api/unions", admin,
                    Forms.minimalGrassroots(district.json().path("unionId").asText(), "厦门海沧断库测试有限公司工会"));
            assertThat(union.status()).as("%s", union).isEqualTo(201);
            String unionId = union.json().path("unionId").asText();
            String operator = api.loginAndChangePassword(union.json().path("operatorUsername").asText(),
                    union.json().path("oneTimePassword").asText(), "Operator-Password-O1");
            EmbeddedPostgresServer server = (EmbeddedPostgresServer) registry.context().getBean(DatabaseEndpoint.class);

            AtomicBoolean stop = new AtomicBoolean();
            List<HealthSample> health = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    client(api, operator, unionId, client, stop);
                    return null;
                }));
            }
            Future<?> watcher = pool.submit(() -> {
                watchHealth(api, stop, health);
                return null;
            });

            Thread.sleep(1000);
            long firstPostmaster = server.postmaster().orElseThrow().pid();
            fastStop(firstPostmaster);
            int afterStop = awaitRecovery(api, admin, health);

            Thread.sleep(1000);
            ProcessHandle second = server.postmaster().orElseThrow();
            assertThat(second.pid()).as("the server was started again").isNotEqualTo(firstPostmaster);
            second.destroyForcibly();
            int afterKill = awaitRecovery(api, admin, health);
            Thread.sleep(1000);

            stop.set(true);
            for (Future<?> f : clients) {
                f.get(60, TimeUnit.SECONDS);
            }
            watcher.get(10, TimeUnit.SECONDS);
            pool.shutdown();

            // What is stored: every acknowledged registration, under the id it was answered with, and
            // no person twice (the lookup keeps one row per registration, active or not).
            List<String> stored = registry.jdbc().queryForList(
                    "select member_id from membership_lookup where union_id = ?", String.class, unionId);
            Set<String> storedIds = new HashSet<>(stored);
            long lost = acknowledged.values().stream().filter(id -> !storedIds.contains(id)).count();
            long duplicated = 0;
            for (String idNumber : attempted) {
                List<String> rows = registry.jdbc().queryForList("select member_id from membership_lookup "
                        + "where id_hash = ?", String.class, (Object) MemberSupport.idHash(registry, idNumber));
                duplicated += Math.max(0, rows.size() - 1);
                String answered = acknowledged.get(idNumber);
                if (answered != null && !rows.contains(answered)) {
                    wrongAnswers.add("a registration answered with a member id that is not the stored one");
                }
            }
            long registeredEvents = registry.jdbc().queryForObject("select count(*) from domain_event_entry "
                    + "where payload_type like '%MemberRegistered'", Long.class);
            int ok = statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2)
                    .mapToInt(e -> e.getValue().get()).sum();
            int unavailable = count(503);
            int otherServerErrors = statuses.entrySet().stream()
                    .filter(e -> e.getKey() / 100 == 5 && e.getKey() != 503).mapToInt(e -> e.getValue().get()).sum();
            System.out.printf("OUTAGE requests=%d 2xx=%d 503=%d 5xx-other-than-503=%d no-answer=%d keyed-retries=%d "
                            + "wrong-answers=%d acknowledged-writes=%d stored=%d lost=%d duplicated=%d "
                            + "health-down-samples=%d%n", requests.get(), ok, unavailable, otherServerErrors, count(-1),
                    keyedRetries.get(), wrongAnswers.size(), acknowledged.size(), stored.size(), lost, duplicated,
                    health.stream().filter(h -> h.status == 503).count());

            assertThat(wrongAnswers).as("answers other than 2xx or a 503 problem, or a retry not answered "
                    + "with the first answer").isEmpty();
            assertThat(otherServerErrors).as("5xx other than 503").isZero();
            assertThat(unavailable).as("the clients saw the outages").isPositive();
            assertThat(keyedRetries.get()).as("unanswered writes were retried").isPositive();
            assertThat(acknowledged).as("writes acknowledged").hasSizeGreaterThan(CLIENTS * 2);
            assertThat(lost).as("acknowledged writes lost").isZero();
            assertThat(duplicated).as("writes duplicated").isZero();
            assertThat(registeredEvents).as("one registration event per stored member").isEqualTo(stored.size());
            assertThat(afterStop).as("health DOWN samples during the stop").isPositive();
            assertThat(afterKill).as("health DOWN samples after the kill").isPositive();
            assertThat(health).as("every health answer came quickly")
                    .allSatisfy(h -> assertThat(h.millis).isLessThan(5000));
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);

            Response verified = api.get("/api/audit/verify", admin);
            assertThat(verified.status()).as("%s", verified).isEqualTo(200);
            assertThat(verified.json().path("intact").asBoolean()).as("%s", verified).isTrue();

            // A shutdown with the database dead still ends promptly.
            server.postmaster().orElseThrow().destroyForcibly();
            long start = System.nanoTime();
            registry.close();
            closed = true;
            long shutdownMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("OUTAGE shutdown-with-dead-database-ms=%d%n", shutdownMillis);
            assertThat(shutdownMillis).as("shutdown with the database dead, ms").isLessThan(30_000);
        } finally {
            if (!closed) {
                registry.close();
            }
        }
    }

    /** Registers members one after another, each with its own key, retrying each until it is answered. */
    private void client(Api api, String operator, String unionId, int client, AtomicBoolean stop) throws Exception {
        for (int n = 0; !stop.get(); n++) {
            String idNumber = ResidentIds.of("350205", LocalDate.of(1980 + client, 1, 1).plusDays(n), 100 + n % 800);
            Map<String, Object> form = MemberData.form("断库" + chinese(client) + "号" + chinese(n), idNumber,
                    String.format("1385%d%06d", client, n)).json();
            String body = Api.JSON.writeValueAsString(form);
            attempted.add(idNumber);
            String key = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean retry = false;
            while (System.nanoTime() < deadline) {
                Answer a = send(api, HttpRequest.newBuilder(api.uri("/api/unions/" + unionId + "/members"))
                        .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
                if (retry) {
                    keyedRetries.incrementAndGet();
                }
                if (a.status == 201) {
                    String memberId = Api.JSON.readTree(a.body).path("memberId").asText();
                    String earlier = acknowledged.putIfAbsent(idNumber, memberId);
                    if (earlier != null && !earlier.equals(memberId)) {
                        wrongAnswers.add("two member ids for one registration");
                    }
                    break;
                }
                if (a.status != 503 && a.status != -1) {
                    wrongAnswers.add((retry ? "retry " : "") + "POST member: " + a.status + " " + a.body);
                    break;
                }
                retry = true;
                Thread.sleep(200);
            }
            Answer read = send(api, HttpRequest.newBuilder(api.uri("/api/unions/" + unionId + "/members?size=5"))
                    .header("Authorization", "Bearer " + operator).GET());
            if (read.status != 200 && read.status != 503 && read.status != -1) {
                wrongAnswers.add("GET members: " + read.status + " " + read.body);
            }
        }
    }

    private Answer send(Api api, HttpRequest.Builder request) {
        requests.incrementAndGet();
        Answer a;
        try {
            HttpResponse<String> r = http.send(request.timeout(CLIENT_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            a = new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            a = new Answer(-1, e.getClass().getSimpleName(), "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = new Answer(-1, "interrupted", "");
        }
        statuses.computeIfAbsent(a.status, s -> new AtomicInteger()).incrementAndGet();
        if (a.status == 503 && !(a.contentType.startsWith("application/problem+json")
                && a.body.contains("/problems/database-unavailable"))) {
            wrongAnswers.add("a 503 that is not a database-unavailable problem: " + a.body);
        }
        return a;
    }

    private void watchHealth(Api api, AtomicBoolean stop, List<HealthSample> samples) throws InterruptedException {
        while (!stop.get()) {
            long start = System.nanoTime();
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(api.uri("/actuator/health")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            samples.add(new HealthSample(System.nanoTime(), status, (System.nanoTime() - start) / 1_000_000));
            Thread.sleep(250);
        }
    }

    /**
     * Waits until the registry answers a write again (without being restarted) and health is UP;
     * returns how many DOWN answers health gave since the fault.
     */
    private int awaitRecovery(Api api, String admin, List<HealthSample> health) throws InterruptedException {
        long since = System.nanoTime();
        long deadline = since + TimeUnit.SECONDS.toNanos(60);
        boolean served = false;
        while (!served && System.nanoTime() < deadline) {
            Thread.sleep(500);
            served = health.stream().anyMatch(h -> h.at > since && h.status == 200)
                    && api.get("/api/unions?level=CITY", admin).status() == 200;
        }
        assertThat(served).as("the registry serves again by itself within 60 s").isTrue();
        return (int) health.stream().filter(h -> h.at > since && h.status == 503).count();
    }

    /** What {@code pg_ctl stop -m fast} does: SIGINT to the postmaster. */
    private static void fastStop(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** Names have no digits: 12 → 一二. */
    private static String chinese(int n) {
        StringBuilder s = new StringBuilder();
        for (char c : String.valueOf(n).toCharArray()) {
            s.append("零一二三四五六七八九".charAt(c - '0'));
        }
        return s.toString();
    }

    private int count(int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    private record Answer(int status, String body, String contentType) {
    }

    private record HealthSample(long at, int status, long millis) {
    }
}
