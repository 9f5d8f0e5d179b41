package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.MachinePostgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The database server's own pace beside the registry's figures, as the benchmark reports every
 * figure: single-row transactions inserting a 2 KB row into a scratch table from a few connections.
 */
final class RawBaseline {

    private RawBaseline() {
    }

    static double singleRowTransactionsPerSecond(MachinePostgres pg, int connections, int seconds) throws Exception {
        byte[] raw = new byte[1536];
        new SecureRandom().nextBytes(raw);
        String row = Base64.getEncoder().encodeToString(raw);
        pg.sql("registry", "drop schema if exists bench_scratch cascade", "create schema bench_scratch",
                "create table bench_scratch.rows (id bigserial primary key, created timestamptz not null default now(), "
                        + "payload text not null)");
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<Future<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                counts.add(pool.submit(() -> {
                    int n = 0;
                    try (Connection c = pg.superuser("registry");
                         PreparedStatement insert = c.prepareStatement("insert into bench_scratch.rows (payload) values (?)")) {
                        while (System.nanoTime() < end) {
                            insert.setString(1, row);
                            insert.executeUpdate();
                            n++;
                        }
                    }
                    return n;
                }));
            }
            int total = 0;
            for (Future<Integer> f : counts) {
                total += f.get();
            }
            return total / (double) seconds;
        } finally {
            pool.shutdown();
            pg.sql("registry", "drop schema bench_scratch cascade");
        }
    }
}
