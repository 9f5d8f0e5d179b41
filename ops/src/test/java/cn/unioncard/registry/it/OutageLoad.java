package cn.unioncard.registry.it;

import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that register members (each with its own Idempotency-Key, retried until answered) and read
 * the list while a test breaks the database, a health watcher beside them, and the checks the outage
 * tests share: only 2xx or 503 problems, nothing acknowledged lost, nothing doubled.
 */
final class OutageLoad {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .proxy(HttpClient.Builder.NO_PROXY).build();
    private final Api api;
    private final String operator;
    private final String unionId;
    private final int clients;
    /** Short in the embedded test, so that some requests are cut off while the server still works on them. */
    private final Duration clientTimeout;

    /** What the clients saw; {@code -1} is no answer (cut off or refused). */
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final List<String> wrongAnswers = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger keyedRetries = new AtomicInteger();
    /** ID number → the member id the registry acknowledged for it. */
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> attempted = ConcurrentHashMap.newKeySet();
    private final List<HealthSample> health = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Future<?>> running = new ArrayList<>();
    private ExecutorService pool;

    OutageLoad(Api api, String operator, String unionId, int clients, Duration clientTimeout) {
        this.api = api;
        this.operator = operator;
        this.unionId = unionId;
        this.clients = clients;
        this.clientTimeout = clientTimeout;
    }

    void start() {
        pool = Executors.newFixedThreadPool(clients + 1);
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                client(client);
                return null;
            }));
        }
        running.add(pool.submit(() -> {
            watchHealth();
            return null;
        }));
    }

    /** Stops the clients once each has finished its current registration (retries included). */
    void stop() throws Exception {
        stop.set(true);
        for (Future<?> f : running) {
            f.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();
    }

    List<HealthSample> health() {
        return health;
    }

    /** One member id the registry acknowledged. */
    String acknowledgedMember() {
        return acknowledged.values().iterator().next();
    }

    int count(int status) {
        AtomicInteger n = statuses.get(status);
        return n == null ? 0 : n.get();
    }

    /**
     * Waits until the registry answers a read again (without being restarted) and health is UP;
     * returns how many DOWN answers health gave since {@code since} (a {@link System#nanoTime()}).
     */
    int awaitRecovery(String admin, long since, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        boolean served = false;
        while (!served && System.nanoTime() < deadline) {
            Thread.sleep(500);
            served = health.stream().anyMatch(h -> h.at() > since && h.status() == 200)
                    && api.get("/api/unions?level=CITY", admin).status() == 200;
        }
        assertThat(served).as("the registry serves again by itself within %s", within).isTrue();
        return (int) health.stream().filter(h -> h.at() > since && h.status() == 503).count();
    }

    /**
     * What is stored, checked against what the clients were told: every acknowledged registration
     * under the id it was answered with, no person twice (the lookup keeps one row per registration,
     * active or not), one registration event per stored member, and no answer but 2xx or a 503 problem.
     */
    void assertNothingLostOrDoubled(RunningRegistry registry, String label) {
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
        // Over the whole database: a test may have registered members in other unions before.
        long registeredEvents = registry.jdbc().queryForObject("select count(*) from domain_event_entry "
                + "where payload_type like '%MemberRegistered'", Long.class);
        long registeredMembers = registry.jdbc().queryForObject("select count(*) from membership_lookup", Long.class);
        int ok = statuses.entrySet().stream().filter(e -> e.getKey() / 100 == 2)
                .mapToInt(e -> e.getValue().get()).sum();
        int otherServerErrors = statuses.entrySet().stream()
                .filter(e -> e.getKey() / 100 == 5 && e.getKey() != 503).mapToInt(e -> e.getValue().get()).sum();
        System.out.printf("%s requests=%d 2xx=%d 503=%d 5xx-other-than-503=%d no-answer=%d keyed-retries=%d "
                        + "wrong-answers=%d acknowledged-writes=%d stored=%d lost=%d duplicated=%d "
                        + "health-down-samples=%d%n", label, requests.get(), ok, count(503), otherServerErrors,
                count(-1), keyedRetries.get(), wrongAnswers.size(), acknowledged.size(), stored.size(), lost,
                duplicated, health.stream().filter(h -> h.status() == 503).count());

        assertThat(wrongAnswers).as("answers other than 2xx or a 503 problem, or a retry not answered "
                + "with the first answer").isEmpty();
        assertThat(otherServerErrors).as("5xx other than 503").isZero();
        assertThat(count(503)).as("the clients saw the outage").isPositive();
        assertThat(keyedRetries.get()).as("unanswered writes were retried").isPositive();
        assertThat(acknowledged).as("writes acknowledged").hasSizeGreaterThan(clients * 2);
        assertThat(lost).as("acknowledged writes lost").isZero();
        assertThat(duplicated).as("writes duplicated").isZero();
        assertThat(registeredEvents).as("one registration event per stored member").isEqualTo(registeredMembers);
        assertThat(health).as("every health answer came quickly").allSatisfy(h -> assertThat(h.millis()).isLessThan(5000));
    }

    /** Registers members one after another, each with its own key, retrying each until it is answered. */
    private void client(int client) throws Exception {
        for (int n = 0; !stop.get(); n++) {
            String idNumber = ResidentIds.of("350205", LocalDate.of(1980 + client, 1, 1).plusDays(n), 100 + n % 800);
            Map<String, Object> form = MemberData.form("断库" + chinese(client) + "号" + chinese(n), idNumber,
                    String.format("1385%d%06d", client, n)).json();
            String body = Api.JSON.writeValueAsString(form);
            attempted.add(idNumber);
            String key = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(80);
            boolean retry = false;
            while (System.nanoTime() < deadline) {
                Answer a = send(HttpRequest.newBuilder(api.uri("/api/unions/" + unionId + "/members"))
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
            Answer read = send(HttpRequest.newBuilder(api.uri("/api/unions/" + unionId + "/members?size=5"))
                    .header("Authorization", "Bearer " + operator).GET());
            if (read.status != 200 && read.status != 503 && read.status != -1) {
                wrongAnswers.add("GET members: " + read.status + " " + read.body);
            }
        }
    }

    private Answer send(HttpRequest.Builder request) {
        requests.incrementAndGet();
        Answer a;
        try {
            HttpResponse<String> r = http.send(request.timeout(clientTimeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            a = new Answer(r.statusCode(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("Retry-After").orElse(""));
        } catch (IOException e) {
            a = new Answer(-1, e.getClass().getSimpleName(), "", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            a = new Answer(-1, "interrupted", "", "");
        }
        statuses.computeIfAbsent(a.status, s -> new AtomicInteger()).incrementAndGet();
        if (a.status == 503 && !(a.contentType.startsWith("application/problem+json")
                && a.body.contains("/problems/database-unavailable"))) {
            wrongAnswers.add("a 503 that is not a database-unavailable problem: " + a.body);
        }
        if (a.status == 503 && !a.retryAfter.equals("5")) {
            wrongAnswers.add("a 503 without Retry-After: 5: " + a.body);
        }
        return a;
    }

    private void watchHealth() throws InterruptedException {
        while (!stop.get()) {
            long start = System.nanoTime();
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(api.uri("/actuator/health")).timeout(Duration.ofSeconds(10))
                        .GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1;
            }
            health.add(new HealthSample(System.nanoTime(), status, (System.nanoTime() - start) / 1_000_000));
            Thread.sleep(250);
        }
    }

    /** Names have no digits: 12 → 一二. */
    private static String chinese(int n) {
        StringBuilder s = new StringBuilder();
        for (char c : String.valueOf(n).toCharArray()) {
            s.append("零一二三四五六七八九".charAt(c - '0'));
        }
        return s.toString();
    }

    private record Answer(int status, String body, String contentType, String retryAfter) {
    }

    record HealthSample(long at, int status, long millis) {
    }
}
