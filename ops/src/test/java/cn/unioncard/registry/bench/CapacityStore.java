package cn.unioncard.registry.bench;

import cn.unioncard.registry.integrity.StoreSealing;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/capacity.md's store: members taken through their whole life by the registry ({@link MemberLifecycles}, on
 * its embedded PostgreSQL), the bytes of each kind of event measured there, then that store's event rows and
 * access-log rows copied into a PostgreSQL 15 database and repeated under fresh ids to {@code -Dcapacity.events},
 * sealed by the registry's own sealer and signed: a realistic, chained store for pg_dump, pg_restore and the
 * offline verifier. On demand only: {@code -Dtest=CapacityStore -Dcapacity.pg=jdbc:postgresql://localhost:55415/}.
 */
@EnabledIfSystemProperty(named = "capacity.pg", matches = "jdbc:postgresql:.*")
class CapacityStore {

    private static final String EVENT_COLUMNS = "aggregate_identifier, sequence_number, type, event_identifier, "
            + "meta_data, payload, payload_revision, payload_type, time_stamp";
    private static final String ACCESS_COLUMNS = "access_id, member_id, accessed_at, actor_user, actor_role, "
            + "actor_organisation, client_address, correlation_id, fields, revealed, purpose, endpoint";

    @Test
    void a_realistic_store_is_repeated_to_the_asked_size_sealed_and_verified() throws Exception {
        String server = System.getProperty("capacity.pg");
        long events = Long.getLong("capacity.events", 1_000_000);
        int members = Integer.getInteger("capacity.members", 1000);
        Path dir = Path.of(System.getProperty("capacity.dir", "target/capacity")).toAbsolutePath();
        Files.createDirectories(dir);
        JdbcTemplate postgres = new JdbcTemplate(new DriverManagerDataSource(server + "postgres", "postgres", ""));
        postgres.execute("drop database if exists capacity");
        postgres.execute("create database capacity");
        postgres.execute("do $$ begin if not exists (select from pg_roles where rolname = 'registry_app') then "
                + "create role registry_app login; end if; end $$");
        DriverManagerDataSource target = new DriverManagerDataSource(server + "capacity", "postgres", "");
        Flyway.configure().dataSource(target).locations("classpath:db/migration")
                .placeholders(Map.of("appRole", "registry_app")).load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(target);
        jdbc.execute("create table template_event as select 0::bigint n, " + EVENT_COLUMNS
                + " from domain_event_entry where false");
        jdbc.execute("create table template_access as select * from member_access where false");

        Path data = dir.resolve("registry");
        RunningRegistry.deleteQuietly(data);
        long t0 = System.nanoTime();
        try (RunningRegistry registry = RunningRegistry.startOn(data)) {
            MemberLifecycles.run(registry, members);
            System.out.printf("CAPACITY lifecycles of %,d members in %.1f s (%s)%n", members, seconds(t0), load());
            waitForAccessLog(registry.jdbc());
            StoreFigures.perEventType(registry.jdbc(), members);
            DatabaseEndpoint source = registry.context().getBean(DatabaseEndpoint.class);
            copy(source, server + "capacity", "select row_number() over (order by global_index), " + EVENT_COLUMNS
                    + " from domain_event_entry", "template_event");
            copy(source, server + "capacity", "select " + ACCESS_COLUMNS + " from member_access", "template_access");
        }

        long template = jdbc.queryForObject("select count(*) from template_event", Long.class);
        long copies = (events + template - 1) / template;
        t0 = System.nanoTime();
        for (long k = 0; k < copies; k += 20) {
            long last = Math.min(copies, k + 20) - 1;
            jdbc.update("insert into domain_event_entry (global_index, " + EVENT_COLUMNS + ") select k * " + template
                    + " + n, " + fresh("aggregate_identifier") + ", sequence_number, type, " + fresh("event_identifier")
                    + ", meta_data, payload, payload_revision, payload_type, time_stamp from generate_series(?::bigint, "
                    + "?::bigint) k cross join template_event order by k, n", k, last);
            jdbc.update("insert into member_access (" + ACCESS_COLUMNS + ") select " + fresh("access_id") + ", "
                    + fresh("member_id") + ", accessed_at, actor_user, actor_role, actor_organisation, client_address, "
                    + "correlation_id, fields, revealed, purpose, endpoint from generate_series(?::bigint, ?::bigint) k "
                    + "cross join template_access", k, last);
        }
        jdbc.execute("select setval(pg_get_serial_sequence('domain_event_entry', 'global_index'), "
                + "(select max(global_index) from domain_event_entry))");
        System.out.printf("CAPACITY repeated %,d events %,d times in %.1f s (%s)%n", template, copies, seconds(t0), load());
        t0 = System.nanoTime();
        int sealed = StoreSealing.sealAll(target);
        System.out.printf("CAPACITY sealed %,d events in %.1f s (%s)%n", sealed, seconds(t0), load());
        Path digest = dir.resolve("digest.json");
        StoreSealing.signHead(target, digest);
        jdbc.execute("drop table template_event");
        jdbc.execute("drop table template_access");
        jdbc.execute("vacuum analyze");
        StoreFigures.relations(jdbc);

        ByteArrayOutputStream line = new ByteArrayOutputStream();
        t0 = System.nanoTime();
        int code = StoreSealing.verify(server + "capacity", "postgres", digest, new PrintStream(line, true));
        System.out.printf("CAPACITY verified in %.1f s (%s): %s", seconds(t0), load(), line);
        assertThat(code).as("%s", line).isZero();
        assertThat(sealed).isEqualTo((int) (template * copies));
    }

    /** An id made fresh for copy {@code k} (the original in copy 0), the same for every row that names it. */
    private static String fresh(String column) {
        return "case when k = 0 then " + column + " else md5(" + column + " || ':' || k)::uuid::text end";
    }

    /** Rows from the embedded server (PostgreSQL 17) into a table of the target (15), in COPY's text form. */
    private static void copy(DatabaseEndpoint source, String toUrl, String select, String table) throws Exception {
        ByteArrayOutputStream rows = new ByteArrayOutputStream();
        try (Connection from = DriverManager.getConnection(source.url(), source.ownerUser(),
                source.ownerPassword());
             Connection to = DriverManager.getConnection(toUrl, "postgres", "")) {
            from.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (" + select + ") to stdout", rows);
            long n = to.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " from stdin",
                    new ByteArrayInputStream(rows.toByteArray()));
            System.out.printf("CAPACITY copied %,d rows (%,d bytes as text) into %s%n", n, rows.size(), table);
        }
    }

    /** The access log is a streaming projection: waits until every recorded read has its rows. */
    private static void waitForAccessLog(JdbcTemplate jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + 300_000_000_000L;
        while (System.nanoTime() < deadline) {
            long reads = jdbc.queryForObject("select count(*) from domain_event_entry "
                    + "where payload_type like '%.PersonalDataAccessed'", Long.class);
            long logged = jdbc.queryForObject("select count(distinct access_id) from member_access", Long.class);
            if (logged >= reads) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the access log did not catch up");
    }

    static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    static String load() {
        try {
            return "load " + Files.readString(Path.of("/proc/loadavg")).substring(0, 14).trim();
        } catch (java.io.IOException e) {
            return "load ?";
        }
    }
}
