package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.testing.MemberData;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clerks register and read members through a round-robin balancer while the last process is killed
 * with SIGKILL. A request the dead process never answered is sent again, with its Idempotency-Key, to
 * another process, as a balancer or a client retry would. Measures how long the survivors take to
 * claim every streaming segment the dead one held.
 */
final class KillUnderLoad {

    record Result(int acknowledged, int reads, int retries, int unavailable, int serverErrors,
                  double takeoverSeconds, double registrationsPerSecondBeforeKill, Set<String> memberIds) {
        @Override
        public String toString() {
            return "%d registrations acknowledged (%.1f/s with every process up), %d reads, "
                    .formatted(acknowledged, registrationsPerSecondBeforeKill, reads)
                    + "%d retries after a dropped connection, %d 503s, %d other 5xx, "
                    .formatted(retries, unavailable, serverErrors)
                    + "segments taken over %.1f s after the kill".formatted(takeoverSeconds);
        }
    }

    private static final String[] GROUPS = {"access-log", "accounts", "actor-activity", "member-concerns", "alerts"};

    private final Cluster cluster;
    private final List<ScaleOutIT.Union> unions;
    private final AtomicInteger people;
    private final AtomicInteger turn = new AtomicInteger();
    private final Set<String> memberIds = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();

    KillUnderLoad(Cluster cluster, List<ScaleOutIT.Union> unions, AtomicInteger people) {
        this.cluster = cluster;
        this.unions = unions;
        this.people = people;
    }

    Result run(int seconds, int killAfterSeconds) throws Exception {
        JarProcess victim = cluster.process(cluster.size() - 1);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService clerks = Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<Object>> work = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            ScaleOutIT.Union union = unions.get(c % unions.size());
            work.add(clerks.submit(() -> {
                while (System.nanoTime() < end) {
                    String member = register(union);
                    if (member == null) {
                        throw new AssertionError("a registration was never acknowledged, even retried with its key");
                    }
                    read(union, member);
                }
                return null;
            }));
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(killAfterSeconds));
        double beforeKill = memberIds.size() / (double) killAfterSeconds;
        victim.kill();
        long killedAt = System.nanoTime();
        double takeover = awaitTakeover(victim.pid(), killedAt);
        clerks.shutdown();
        if (!clerks.awaitTermination(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the clerks did not finish");
        }
        for (java.util.concurrent.Future<Object> clerk : work) {
            clerk.get(); // an unexpected answer or a lost registration fails the test here
        }
        return new Result(memberIds.size(), reads.get(), retries.get(), unavailable.get(), serverErrors.get(),
                takeover, beforeKill, Set.copyOf(memberIds));
    }

    private String register(ScaleOutIT.Union union) throws InterruptedException {
        Map<String, Object> person = MemberData.numbered(people.getAndIncrement()).json();
        String key = "kill-" + System.nanoTime() + "-" + Thread.currentThread().getId();
        for (int attempt = 0; attempt < 20; attempt++) {
            Response r = send(api -> api.post("/api/unions/" + union.id() + "/members", union.operator(), person,
                    "Idempotency-Key", key));
            if (r == null) {
                continue;
            }
            if (r.status() == 201) {
                memberIds.add(r.json().path("memberId").asText());
                return r.json().path("memberId").asText();
            }
            count(r);
        }
        return null;
    }

    private void read(ScaleOutIT.Union union, String member) throws InterruptedException {
        for (int attempt = 0; attempt < 20; attempt++) {
            Response r = send(api -> api.get("/api/members/" + member, union.operator()));
            if (r != null && r.status() == 200) {
                reads.incrementAndGet();
                return;
            }
            if (r != null) {
                count(r);
            }
        }
        throw new AssertionError("a registered member could not be read, even after 20 tries");
    }

    /** One try at the next process; null when its connection failed (it is dead or dying). */
    private Response send(java.util.function.Function<Api, Response> call) throws InterruptedException {
        try {
            return call.apply(cluster.at(turn.getAndIncrement()));
        } catch (UncheckedIOException dropped) {
            retries.incrementAndGet();
            Thread.sleep(50);
            return null;
        }
    }

    private void count(Response r) throws InterruptedException {
        if (r.status() == 503) {
            unavailable.incrementAndGet();
            Thread.sleep(200);
        } else if (r.status() >= 500) {
            serverErrors.incrementAndGet();
        } else {
            throw new AssertionError("unexpected answer " + r);
        }
    }

    /** Seconds from the kill until no segment is held by the dead process and every one is held. */
    private double awaitTakeover(long deadPid, long killedAt) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        while (System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(90)) {
            List<List<String>> rows = Sql.rows(cluster.database(),
                    "select owner from token_entry where processor_name = any(?)", (Object) GROUPS);
            boolean taken = rows.stream().map(r -> r.get(0))
                    .allMatch(owner -> owner != null && !owner.startsWith(deadPid + "@"));
            if (taken) {
                done.set(System.nanoTime());
                break;
            }
            Thread.sleep(250);
        }
        return done.get() == 0 ? Double.POSITIVE_INFINITY : (done.get() - killedAt) / 1e9;
    }
}
