package cn.unioncard.registry.bench;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The database's own limits on the server the registry started: plain JDBC inserts of a 2 KB row
 * into a scratch table in a schema of the benchmark's own ({@code bench_scratch}, dropped again, so
 * never part of the registry's schema), single-row transactions from 8 and 16 connections and one
 * multi-row insert.
 */
final class DatabaseBaseline implements Scenario {

    static final String SINGLE_8 = "db single-row tx/s (8 conn)";
    static final String SINGLE_16 = "db single-row tx/s (16 conn)";
    static final String BULK = "db multi-row insert rows/s";

    @Override
    public String name() {
        return "database baseline";
    }

    @Override
    public void run(Bench bench) throws Exception {
        String url = bench.registry.jdbcUrl();
        byte[] raw = new byte[1536];
        new SecureRandom().nextBytes(raw);
        String row = Base64.getEncoder().encodeToString(raw); // 2,048 characters, not compressible
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("drop schema if exists bench_scratch cascade");
            s.execute("create schema bench_scratch");
            s.execute("create table bench_scratch.rows (id bigserial primary key, created timestamptz not null "
                    + "default now(), payload text not null)");
        }
        try {
            for (int connections : new int[] {8, 16}) {
                double tps = singleRows(url, row, connections, bench);
                String name = connections == 8 ? SINGLE_8 : SINGLE_16;
                bench.baseline(name, tps);
                bench.report(name(), "single-row insert tx, " + connections + " conn", tps, "tx/s", null, null, null);
            }
            double rows = multiRow(url, row, bench.config.bulkRows());
            bench.baseline(BULK, rows);
            bench.report(name(), "multi-row insert of " + bench.config.bulkRows(), rows, "rows/s", null, null, null);
        } finally {
            try (Connection c = DriverManager.getConnection(url, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("drop schema bench_scratch cascade");
            }
        }
    }

    private static double singleRows(String url, String row, int connections, Bench bench) throws Exception {
        List<Connection> open = new ArrayList<>();
        List<PreparedStatement> inserts = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Connection c = DriverManager.getConnection(url, "postgres", "");
                open.add(c);
                inserts.add(c.prepareStatement("insert into bench_scratch.rows (payload) values (?)"));
            }
            Stats s = Load.timed("db-" + connections, connections, bench.config.baselineDuration().dividedBy(2),
                    bench.config.baselineDuration(), (client, n) -> {
                        PreparedStatement ps = inserts.get(client);
                        ps.setString(1, row);
                        return ps.executeUpdate() == 1 ? 200 : 500;
                    });
            System.out.printf("BENCH %d connections: %s%n", connections, s);
            return s.throughput();
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    private static double multiRow(String url, String row, int rows) throws Exception {
        try (Connection c = DriverManager.getConnection(url + "?reWriteBatchedInserts=true", "postgres", "")) {
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            try (PreparedStatement ps = c.prepareStatement("insert into bench_scratch.rows (payload) values (?)")) {
                for (int i = 1; i <= rows; i++) {
                    ps.setString(1, row);
                    ps.addBatch();
                    if (i % 1000 == 0 || i == rows) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("BENCH multi-row insert: %d rows in %.2f s%n", rows, seconds);
            return rows / seconds;
        }
    }
}
