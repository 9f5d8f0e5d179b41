package cn.unioncard.registry.bench;

import java.util.Arrays;

/** What a load run measured: requests, errors, seconds and latency percentiles in milliseconds. */
record Stats(long requests, long errors, double seconds, double p50, double p95, double p99) {

    static Stats of(long[] nanos, int count, long errors, double seconds) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new Stats(count, errors, seconds, pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1));
        return sorted[i] / 1e6;
    }

    double throughput() {
        return seconds == 0 ? 0 : requests / seconds;
    }

    @Override
    public String toString() {
        return String.format("%d requests in %.1f s = %.0f/s, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d errors",
                requests, seconds, throughput(), p50, p95, p99, errors);
    }
}
