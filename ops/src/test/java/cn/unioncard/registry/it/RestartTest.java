package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry keeps everything across a stop and a start on the same data directory, also
 * when the previous run crashed and left PostgreSQL's lock file behind; first-start work is not
 * repeated; the schema stores events as bytea, never as large objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartTest {

    /** A process id that is not running: what a crash leaves in postmaster.pid once the PID is gone. */
    private static final long DEAD_PID = 999_999;

    private final Path dataDir = RunningRegistry.newDataDir();

    @AfterAll
    void cleanUp() {
        RunningRegistry.deleteQuietly(dataDir);
    }

    @Test
    void aStartAfterAStopOrACrashFindsEverythingAndRepeatsNothing() throws Exception {
        String districtId;
        String tokenBeforeRestart;
        long eventsAtStop;
        Path pid = dataDir.resolve("postgres/postmaster.pid");
        try (RunningRegistry first = RunningRegistry.startOn(dataDir)) {
            Api api = first.api();
            tokenBeforeRestart = api.login(ADMIN, ADMIN_PASSWORD);
            String cityId = cityIds(api, tokenBeforeRestart).get(0);
            Response district = api.post("/api/unions", tokenBeforeRestart, Forms.district(cityId, "思明区总工会"));
            assertThat(district.status()).as("%s", district).isEqualTo(201);
            districtId = district.json().path("unionId").asText();
            assertThat(district.json().path("systemCode").asText()).isEqualTo("01");
            schemaStoresBytesNotLargeObjects(first);
            eventsAtStop = first.eventCount();
            assertThat(pid).exists();
        }
        // A clean stop stops the database server too.
        assertThat(pid).doesNotExist();
        assertThat(dataDir.resolve("postgres/PG_VERSION")).exists();
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("jwt-signing.key")))
                .as("the signing key is readable by its owner only")
                .containsExactlyInAnyOrderElementsOf(PosixFilePermissions.fromString("rw-------"));

        // A crash leaves the lock file of a postmaster that no longer runs.
        assertThat(ProcessHandle.of(DEAD_PID)).isEmpty();
        Files.writeString(pid, String.join("\n", String.valueOf(DEAD_PID), dataDir.resolve("postgres").toString(),
                "1700000000", "54321", "/tmp", "localhost", "  5432001    131072", "ready   ", ""),
                StandardCharsets.US_ASCII);

        String postgresBinary;
        try (RunningRegistry second = RunningRegistry.startOn(dataDir)) {
            Api api = second.api();
            // Tokens signed before the restart stay valid: the signing key is kept in the data directory.
            assertThat(api.get("/api/unions/" + districtId, tokenBeforeRestart).status()).isEqualTo(200);
            // The configured password still works: admin was not created again.
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            List<String> cities = cityIds(api, admin);
            assertThat(cities).hasSize(1);
            Response district = api.get("/api/unions/" + districtId, admin);
            assertThat(district.status()).as("%s", district).isEqualTo(200);
            assertThat(district.json().path("name").asText()).isEqualTo("思明区总工会");
            assertThat(district.json().path("systemCode").asText()).isEqualTo("01");
            assertThat(second.jdbc().queryForObject(
                    "select count(*) from union_lookup where level = 'CITY'", Integer.class)).isEqualTo(1);
            assertThat(second.jdbc().queryForObject(
                    "select count(*) from domain_event_entry where payload_type like '%UserAccountCreated'",
                    Integer.class)).isEqualTo(1);
            // Only the login since the restart was added to the store.
            assertThat(second.eventCount()).isEqualTo(eventsAtStop + 1);
            // The code sequence carries on where it stopped.
            Response next = api.post("/api/unions", admin, Forms.district(cities.get(0), "湖里区总工会"));
            assertThat(next.status()).as("%s", next).isEqualTo(201);
            assertThat(next.json().path("systemCode").asText()).isEqualTo("02");
            postgresBinary = ProcessHandle.of(postmasterPid(pid)).flatMap(p -> p.info().command()).orElseThrow();
        }

        // A harder crash: the JVM died and its postmaster lives on, orphaned, holding the data directory.
        ProcessHandle orphan = startOrphanPostmaster(Path.of(postgresBinary).resolveSibling("pg_ctl"),
                dataDir.resolve("postgres"));
        try (RunningRegistry third = RunningRegistry.startOn(dataDir)) {
            assertThat(orphan.isAlive()).as("the orphaned postmaster").isFalse();
            assertThat(postmasterPid(pid)).isNotEqualTo(orphan.pid());
            Api api = third.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            assertThat(api.get("/api/unions/" + districtId, admin).status()).isEqualTo(200);
            assertThat(cityIds(api, admin)).hasSize(1);
        } finally {
            orphan.destroyForcibly();
        }
    }

    private static long postmasterPid(Path pidFile) throws IOException {
        return Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.US_ASCII).get(0).trim());
    }

    /** Starts PostgreSQL on the data directory the way the embedded library does, and leaves it running. */
    private static ProcessHandle startOrphanPostmaster(Path pgCtl, Path pgData) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        // PostgreSQL refuses to run as root; the embedded library uses a user namespace then, and so do we.
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "-D", pgData.toString(), "-w", "-t", "60",
                "-l", pgData.resolveSibling("orphan.log").toString(),
                "-o", "-p " + port + " -c listen_addresses=localhost -F", "start"));
        Process pgctl = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(pgctl.waitFor(90, TimeUnit.SECONDS)).as("pg_ctl start finished").isTrue();
        assertThat(pgctl.exitValue()).as("pg_ctl start").isZero();
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid(pgData.resolve("postmaster.pid"))).orElseThrow();
        assertThat(postmaster.isAlive()).isTrue();
        return postmaster;
    }

    private static void schemaStoresBytesNotLargeObjects(RunningRegistry registry) {
        List<Map<String, Object>> oids = registry.jdbc().queryForList("""
                select table_name, column_name from information_schema.columns
                where table_schema = 'public' and data_type = 'oid'""");
        assertThat(oids).as("columns of type oid").isEmpty();
        for (String table : List.of("domain_event_entry", "snapshot_event_entry", "dead_letter_entry")) {
            for (String column : List.of("payload", "meta_data")) {
                assertThat(registry.jdbc().queryForObject("""
                        select data_type from information_schema.columns
                        where table_schema = 'public' and table_name = ? and column_name = ?""",
                        String.class, table, column)).as("%s.%s", table, column).isEqualTo("bytea");
            }
        }
        assertThat(registry.jdbc().queryForObject("""
                select data_type from information_schema.columns
                where table_schema = 'public' and table_name = 'token_entry' and column_name = 'token'""",
                String.class)).isEqualTo("bytea");
        assertThat(registry.jdbc().queryForObject("select count(*) from pg_largeobject_metadata", Long.class))
                .as("large objects").isZero();
    }

    private static List<String> cityIds(Api api, String token) {
        Response cities = api.get("/api/unions?level=CITY", token);
        assertThat(cities.status()).as("%s", cities).isEqualTo(200);
        return cities.json().path("items").findValuesAsText("id").stream().filter(s -> !s.isEmpty()).toList();
    }
}
