package cn.unioncard.registry.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop load: {@code clients} threads of the driver's JVM, each sending its next request as
 * soon as the last one answered. Prints progress every five seconds.
 */
final class Load {

    /** Sends request number {@code n} as client {@code client}; answers the HTTP status. */
    interface Call {
        int send(int client, long n) throws Exception;
    }

    private Load() {
    }

    /**
     * Runs for {@code warmup}, then measures the requests sent in the next {@code measure}, each to its
     * answer: on a loaded machine a short window (the smoke run's second) might otherwise end before any
     * request that started in it has answered, and count none.
     */
    static Stats timed(String label, int clients, Duration warmup, Duration measure, Call call) throws InterruptedException {
        long start = System.nanoTime();
        long from = start + warmup.toNanos();
        long to = from + measure.toNanos();
        return run(label, clients, Long.MAX_VALUE, from, to, call);
    }

    /** Sends {@code total} requests and measures them all. */
    static Stats counted(String label, int clients, long total, Call call) throws InterruptedException {
        return run(label, clients, total, System.nanoTime(), Long.MAX_VALUE, call);
    }

    private static Stats run(String label, int clients, long total, long from, long to, Call call)
            throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong(from);
        AtomicReference<String> firstError = new AtomicReference<>();
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            latencies[c] = new long[1024];
            Thread thread = new Thread(() -> {
                for (long n = next.getAndIncrement(); n < total; n = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    if (t0 >= to) {
                        break;
                    }
                    int status;
                    try {
                        status = call.send(client, n);
                    } catch (Exception e) {
                        status = -1;
                        firstError.compareAndSet(null, e.toString());
                    }
                    long t1 = System.nanoTime();
                    done.incrementAndGet();
                    boolean failed = status < 200 || status >= 300;
                    if (failed) {
                        firstError.compareAndSet(null, "HTTP " + status);
                    }
                    if (t0 >= from) {
                        lastAnswer.accumulateAndGet(t1, Math::max);
                        if (failed) {
                            errors.incrementAndGet();
                        }
                        if (counts[client] == latencies[client].length) {
                            latencies[client] = Arrays.copyOf(latencies[client], counts[client] * 2);
                        }
                        latencies[client][counts[client]++] = t1 - t0;
                    } else if (failed) {
                        errors.incrementAndGet();
                    }
                }
            }, "bench-" + label + "-" + c);
            thread.start();
            threads.add(thread);
        }
        long started = System.nanoTime();
        long last = 0;
        while (threads.stream().anyMatch(Thread::isAlive)) {
            for (Thread t : threads) {
                if (t.isAlive()) {
                    t.join(1000);
                    break;
                }
            }
            long now = System.nanoTime();
            if (now - started - last >= 5_000_000_000L) {
                last = now - started;
                String phase = now < from ? "warm-up" : now < to ? "measuring" : "ending";
                System.out.printf("  [%s] %.0f s: %d done (%s), %d errors%n", label, last / 1e9, done.get(), phase,
                        errors.get());
            }
        }
        long end = to == Long.MAX_VALUE ? System.nanoTime() : Math.max(to, lastAnswer.get());
        int count = 0;
        for (int c = 0; c < clients; c++) {
            count += counts[c];
        }
        long[] all = new long[count];
        int i = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, i, counts[c]);
            i += counts[c];
        }
        if (firstError.get() != null) {
            System.out.printf("  [%s] first error: %s%n", label, firstError.get());
        }
        return Stats.of(all, count, errors.get(), (end - Math.max(from, started)) / 1e9);
    }
}
