package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The registry on an existing PostgreSQL (the machine's own server, not the embedded one), set up
 * by exactly the DBA script the README shows, working as a non-owner role that can only append to
 * history; then that server goes away for 30 s under load and the registry heals by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalDatabaseTest {

    private static final String OWNER = "registry_owner";
    private static final String APP = "registry_app";
    private static final String OWNER_PASSWORD = "Owner-Pass-7Tq'2";
    private static final String APP_PASSWORD = "App-Pass-4Kz\"9";
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    private MachinePostgres server;
    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String dpo;
    /** Union id → its operator's token. */
    private final Map<String, String> operators = new HashMap<>();

    @BeforeAll
    void start() {
        server = MachinePostgres.start();
        server.psql("postgres", MachinePostgres.repoFile("docs/external-database.sql"),
                Map.of("owner_password", OWNER_PASSWORD, "app_password", APP_PASSWORD));
        server.requirePasswords();
        // The settings REGISTRY_DB_URL/USER/PASSWORD and REGISTRY_DB_OWNER_USER/PASSWORD bind to.
        registry = RunningRegistry.startFresh("registry.db.url=" + server.url("registry"), "registry.db.user=" + APP,
                "registry.db.password=" + APP_PASSWORD, "registry.db.owner-user=" + OWNER,
                "registry.db.owner-password=" + OWNER_PASSWORD);
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        dpo = MemberSupport.account(api, admin, "external.dpo", "DPO", MemberSupport.cityId(api, admin));
    }

    @AfterAll
    void stop() {
        try {
            if (registry != null) {
                registry.close();
            }
        } finally {
            server.close();
        }
    }

    @Test
    @Order(1)
    void the_readme_shows_the_dba_script_the_test_ran_and_it_makes_no_superuser() throws Exception {
        String script = Files.readString(MachinePostgres.repoFile("docs/external-database.sql"));
        assertThat(Files.readString(MachinePostgres.repoFile("README.md"))).as("the README shows docs/external-database.sql verbatim")
                .contains("```sql\n" + script + "```\n");
        try (Connection c = server.superuser("registry"); Statement s = c.createStatement();
             var rs = s.executeQuery("""
                     select r.rolname, r.rolsuper, r.rolcreaterole, r.rolcreatedb, r.rolbypassrls,
                            (select pg_get_userbyid(datdba) from pg_database where datname = 'registry') as db_owner,
                            (select tableowner from pg_tables where tablename = 'domain_event_entry') as table_owner
                     from pg_roles r where r.rolname in ('registry_owner', 'registry_app') order by r.rolname""")) {
            int roles = 0;
            while (rs.next()) {
                roles++;
                for (int column = 2; column <= 5; column++) {
                    assertThat(rs.getBoolean(column)).as("%s: %s", rs.getString(1), rs.getMetaData().getColumnName(column))
                            .isFalse();
                }
                assertThat(rs.getString("db_owner")).isEqualTo(OWNER);
                assertThat(rs.getString("table_owner")).as("the migrations ran as the owner").isEqualTo(OWNER);
            }
            assertThat(roles).isEqualTo(2);
        }
        assertThat(registry.appJdbc().queryForObject("select current_user", String.class)).isEqualTo(APP);
        assertThat(registry.appJdbc().queryForObject("select version()", String.class))
                .as("the machine's server, not the embedded 17").startsWith("PostgreSQL 15.");
        assertThatThrownBy(() -> server.as("registry", APP, "not-" + APP_PASSWORD).close())
                .as("passwords are checked").isInstanceOf(SQLException.class);
    }

    @Test
    @Order(2)
    void a_member_registered_over_http_reads_back_and_its_read_is_in_the_access_log() {
        String unionId = grassroots("厦门外库往返测试有限公司工会");
        String operator = operatorOf(unionId);
        Response registered = api.post("/api/unions/" + unionId + "/members", operator,
                MemberData.form("林外库", ResidentIds.fresh(), "13859201234").json());
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        String memberId = registered.json().path("memberId").asText();

        Response read = api.get("/api/members/" + memberId, operator);
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.json().path("details").path("name").asText()).isEqualTo("林外库");
        assertThat(read.json().path("unionId").asText()).isEqualTo(unionId);
        assertThat(eventually(30_000, () -> accessLog(memberId, Instant.EPOCH) > 0))
                .as("the streaming access log recorded the read").isTrue();
    }

    @Test
    @Order(3)
    void the_application_role_may_only_append_to_history() throws Exception {
        try (Connection c = server.as("registry", APP, APP_PASSWORD); Statement s = c.createStatement()) {
            for (String table : List.of("domain_event_entry", "event_seal", "event_gap", "chain_checkpoint")) {
                for (String change : List.of("update " + table + " set " + firstColumn(c, table) + " = "
                        + firstColumn(c, table), "delete from " + table, "truncate " + table)) {
                    assertRefused(s, change);
                }
                assertThat(canInsert(s, table)).as("insert into %s", table).isTrue();
            }
            assertRefused(s, "delete from data_key");
            assertRefused(s, "truncate data_key");
            c.setAutoCommit(false);
            assertThat(s.executeUpdate("insert into data_key (subject_id, wrapped_key) values ('probe', '\\x00')"))
                    .as("a data key may be inserted").isEqualTo(1);
            c.rollback();
        }
    }

    @Test
    @Order(4)
    void a_thirty_second_outage_gives_only_503s_loses_nothing_and_heals_without_a_restart() throws Exception {
        String unionId = grassroots("厦门外库断库测试有限公司工会");
        String operator = operatorOf(unionId);
        OutageLoad load = new OutageLoad(api, operator, unionId, 4, Duration.ofSeconds(5));
        load.start();
        Thread.sleep(2000);
        long stopping = System.nanoTime();
        server.stopServer();
        long stopped = System.nanoTime();
        Response during = api.get("/api/unions?level=CITY", admin);
        Thread.sleep(OUTAGE.toMillis());
        server.startServer();
        long back = System.nanoTime();
        while (api.get("/api/unions?level=CITY", admin).status() != 200 && System.nanoTime() - back < 60e9) {
            Thread.sleep(100);
        }
        long firstOkMillis = (System.nanoTime() - back) / 1_000_000;
        load.awaitRecovery(admin, back, Duration.ofSeconds(30));
        Thread.sleep(2000);
        load.stop();

        System.out.printf("EXTERNAL-OUTAGE outage-ms=%d first-200-after-return-ms=%d%n",
                (back - stopping) / 1_000_000, firstOkMillis);
        load.assertNothingLostOrDoubled(registry, "EXTERNAL-OUTAGE");
        assertThat(during.status()).as("%s", during).isEqualTo(503);
        assertThat(during.problemType()).endsWith("/problems/database-unavailable");
        assertThat(during.header("Retry-After")).contains("5");
        List<OutageLoad.HealthSample> whileDown = load.health().stream()
                .filter(h -> h.at() - h.millis() * 1_000_000 > stopped && h.at() < back).toList();
        assertThat(whileDown).as("health samples while the server was down").hasSizeGreaterThan(5)
                .allSatisfy(h -> assertThat(h.status()).isEqualTo(503));
        assertThat(api.get("/actuator/health", null).status()).as("health UP after").isEqualTo(200);
        assertThat(firstOkMillis).as("ms from the server's return to the first 200").isLessThan(10_000);

        Response verified = api.get("/api/audit/verify", admin);
        assertThat(verified.status()).as("%s", verified).isEqualTo(200);
        assertThat(verified.json().path("intact").asBoolean()).as("%s", verified).isTrue();

        // The streaming projections resumed too: a read after the outage reaches the access log.
        String member = load.acknowledgedMember();
        Instant before = Instant.now();
        assertThat(api.get("/api/members/" + member, operator).status()).isEqualTo(200);
        long readAt = System.nanoTime();
        boolean logged = eventually(60_000, () -> accessLog(member, before) > 0);
        System.out.printf("EXTERNAL-OUTAGE access-log-after-recovery-ms=%d%n", (System.nanoTime() - readAt) / 1_000_000);
        assertThat(logged).as("the access log records reads again").isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private String grassroots(String name) {
        Response district = api.post("/api/unions", admin,
                Forms.district(MemberSupport.cityId(api, admin), name.replace("有限公司工会", "区总工会")));
        assertThat(district.status()).as("%s", district).isEqualTo(201);
        Response union = api.post("/api/unions", admin,
                Forms.minimalGrassroots(district.json().path("unionId").asText(), name));
        assertThat(union.status()).as("%s", union).isEqualTo(201);
        operators.put(union.json().path("unionId").asText(), api.loginAndChangePassword(
                union.json().path("operatorUsername").asText(), union.json().path("oneTimePassword").asText(),
                "Operator-Password-E1"));
        return union.json().path("unionId").asText();
    }

    private String operatorOf(String unionId) {
        return operators.get(unionId);
    }

    /** How many reads of the member since {@code from} the access log lists. */
    private long accessLog(String memberId, Instant from) {
        Response r = api.get("/api/audit/access-log?memberId=" + memberId + "&from=" + from, dpo);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().path("total").asLong();
    }

    /** Refused by the grants themselves (the triggers would refuse too, with their own message). */
    private static void assertRefused(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).isEqualTo("42501");
            assertThat(e.getMessage()).contains("permission denied");
        });
    }

    private static boolean canInsert(Statement s, String table) throws SQLException {
        try (var rs = s.executeQuery("select has_table_privilege(current_user, '" + table + "', 'INSERT')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String firstColumn(Connection c, String table) throws SQLException {
        try (var rs = c.getMetaData().getColumns(null, "public", table, null)) {
            rs.next();
            return rs.getString("COLUMN_NAME");
        }
    }

    /** A file of the repository, whichever module directory the test runs in. */}
