package cn.unioncard.registry.it.several;

import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Registries joining another's database as an external one, as several processes of a deployment do. */
public final class Instances {

    private Instances() {
    }

    /** Settings for a registry on {@code host}'s server, database {@code url}, with {@code extra} after them. */
    static String[] on(RunningRegistry host, String url, String... extra) {
        DatabaseEndpoint db = host.context().getBean(DatabaseEndpoint.class);
        List<String> settings = new ArrayList<>(List.of("registry.db.url=" + url, "registry.db.user=" + db.user(),
                "registry.db.password=" + db.password(), "registry.db.owner-user=" + db.ownerUser(),
                "registry.db.owner-password=" + db.ownerPassword()));
        settings.addAll(List.of(extra));
        return settings.toArray(String[]::new);
    }

    /** Another registry on {@code host}'s database and data directory (keys, import store and its id shared). */
    static RunningRegistry join(RunningRegistry host, String... extra) {
        String url = host.context().getBean(DatabaseEndpoint.class).url();
        return RunningRegistry.startOn(host.dataDir(), on(host, url, extra));
    }

    /** Runs the calls at the same moment, each on a thread of its own, and answers their results in order. */
    public static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return call.call();
                }));
            }
            gate.countDown();
            List<T> results = new ArrayList<>();
            Exception failed = null;
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(5, TimeUnit.MINUTES));
                } catch (ExecutionException | TimeoutException e) {
                    if (failed == null) {
                        failed = e;
                    } else {
                        failed.addSuppressed(e);
                    }
                }
            }
            if (failed != null) {
                // The calls that did succeed started something (a registry): it must not outlive the test.
                for (T started : results) {
                    if (started instanceof AutoCloseable closeable) {
                        try {
                            closeable.close();
                        } catch (Exception e) {
                            failed.addSuppressed(e);
                        }
                    }
                }
                throw failed;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
