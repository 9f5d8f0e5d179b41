package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.ChainReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chain verification's throughput on a store of realistic rows (a ~1.76 KB payload of base64
 * "ciphertext", ~200 B of metadata), kept between runs in {@code -Dchain.bench.dir}: the verify
 * endpoint's work (ChainStore in a repeatable-read transaction) and the offline tool over an
 * export (in this JVM: its JVM start is measured apart). Run on demand only:
 * {@code -Dtest=ChainThroughput -Dchain.bench.events=1000000}.
 */
@EnabledIfSystemProperty(named = "chain.bench.events", matches = "\\d+")
class ChainThroughput {

    @Test
    void the_chain_verifies_at_the_measured_rate() throws Exception {
        long events = Long.getLong("chain.bench.events");
        Path dir = Path.of(System.getProperty("chain.bench.dir", "target/chain-bench")).toAbsolutePath();
        Files.createDirectories(dir);
        boolean fresh = !Files.exists(dir.resolve("pg/PG_VERSION"));
        try (EmbeddedPostgres pg = SyntheticEvents.database(dir.resolve("pg"), fresh)) {
            DataSource ds = pg.getPostgresDatabase();
            JdbcTemplate jdbc = new JdbcTemplate(ds);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
            KeyPair key = fill(jdbc, tx, dir, events);
            long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
            System.out.printf("CHAIN store: %,d events, %s%n", stored, uptime());
            if (Boolean.getBoolean("chain.bench.explain")) {
                System.out.println("CHAIN sizes: " + jdbc.queryForMap("select pg_relation_size('domain_event_entry') "
                        + "heap, pg_relation_size(reltoastrelid) toast from pg_class where relname = 'domain_event_entry'"));
                jdbc.queryForList("explain (analyze, buffers) select " + StoredEvents.COLUMNS + " from "
                        + "domain_event_entry where global_index between 1 and 9223372036854775807 order by global_index",
                        String.class).forEach(l -> System.out.println("CHAIN plan " + l));
            }

            TransactionTemplate snapshot = new TransactionTemplate(tx.getTransactionManager());
            snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
            snapshot.setReadOnly(true);
            for (int round = 0; round < Integer.getInteger("chain.bench.rounds", 2); round++) {
                double[] cpu = new double[2];
                long t0 = System.nanoTime();
                ChainReport report = snapshot.execute(s -> {
                    JdbcTemplate same = new JdbcTemplate(ds);
                    long pid = same.queryForObject("select pg_backend_pid()", Long.class);
                    double pg0 = cpu(pid);
                    double jvm0 = jvmCpu();
                    ChainReport r = new ChainStore(same).verify(1, Long.MAX_VALUE, key.getPublic().getEncoded());
                    cpu[0] = jvmCpu() - jvm0;
                    cpu[1] = cpu(pid) - pg0;
                    return r;
                });
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(report.intact()).as("%s", report).isTrue();
                System.out.printf("CHAIN endpoint work: %,d events in %.2f s = %,.0f events/s; CPU s: JVM %.2f, "
                                + "PostgreSQL backend %.2f (%s)%n", report.eventsChecked(), seconds,
                        report.eventsChecked() / seconds, cpu[0], cpu[1], uptime());
            }

            Path export = dir.resolve("events.ndjson");
            if (!Files.exists(export)) {
                long t0 = System.nanoTime();
                try (OutputStream out = Files.newOutputStream(export)) {
                    snapshot.executeWithoutResult(s -> ChainExport.write(out, jdbc,
                            new com.fasterxml.jackson.databind.ObjectMapper(), 1, Long.MAX_VALUE));
                }
                System.out.printf("CHAIN export: %,d bytes in %.2f s%n", Files.size(export),
                        (System.nanoTime() - t0) / 1e9);
            }
            Path digest = dir.resolve("digest.json");
            for (int round = 0; round < Integer.getInteger("chain.bench.rounds", 2); round++) {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                double jvm0 = jvmCpu();
                long t0 = System.nanoTime();
                int code = VerifyChain.run(new String[]{"--file", export.toString(), "--digest", digest.toString()},
                        new PrintStream(text, true));
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertThat(code).as("%s", text).isZero();
                System.out.printf("CHAIN offline tool (in this JVM): %.2f s = %,.0f events/s; CPU s %.2f (%s) %s",
                        seconds, stored / seconds, jvmCpu() - jvm0, uptime(), text);
            }
        }
    }

    /** Appends the missing rows in one statement, seals them, and signs the head (key kept in dir). */
    private static KeyPair fill(JdbcTemplate jdbc, TransactionTemplate tx, Path dir, long events) throws Exception {
        long have = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        Path keyFile = dir.resolve("key");
        KeyPair key;
        if (Files.exists(keyFile)) {
            java.util.List<String> lines = Files.readAllLines(keyFile);
            java.security.KeyFactory f = java.security.KeyFactory.getInstance("Ed25519");
            key = new KeyPair(f.generatePublic(new java.security.spec.X509EncodedKeySpec(
                    Base64.getDecoder().decode(lines.get(1)))), f.generatePrivate(
                    new java.security.spec.PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines.get(0)))));
        } else {
            key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Files.write(keyFile, java.util.List.of(Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()),
                    Base64.getEncoder().encodeToString(key.getPublic().getEncoded())));
        }
        if (have >= events) {
            return key;
        }
        long t0 = System.nanoTime();
        SyntheticEvents.append(jdbc, have + 1, events);
        System.out.printf("CHAIN filled %,d rows in %.1f s%n", events - have, (System.nanoTime() - t0) / 1e9);
        t0 = System.nanoTime();
        int sealed = new ChainSealer(jdbc, tx).sealAvailable();
        System.out.printf("CHAIN sealed %,d in %.1f s%n", sealed, (System.nanoTime() - t0) / 1e9);
        jdbc.execute("vacuum analyze domain_event_entry");
        jdbc.execute("vacuum analyze event_seal");
        StoreSealing.signHead(jdbc, key, "bench", dir.resolve("digest.json"));
        Files.deleteIfExists(dir.resolve("events.ndjson"));
        return key;
    }

    /** CPU seconds (user + system) of a local process so far, from /proc. */
    private static double cpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (java.io.IOException e) {
            return Double.NaN;
        }
    }

    private static double jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    private static String uptime() {
        try {
            return "load " + Files.readString(Path.of("/proc/loadavg")).substring(0, 14).trim();
        } catch (java.io.IOException e) {
            return "load ?";
        }
    }
}
