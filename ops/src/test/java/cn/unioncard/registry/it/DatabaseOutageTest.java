package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import cn.unioncard.registry.ops.database.EmbeddedPostgresServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database dies under load, twice (a fast stop, then SIGKILL of the postmaster): clients get
 * 2xx or 503 problem documents, never a 500; keyed retries of unanswered writes get the first
 * answer and make no duplicate; every acknowledged write is there afterwards; health goes DOWN and
 * UP; the registry serves again by itself, its chain verifies, and it stops within 30 s even with
 * its database dead.
 */
class DatabaseOutageTest {

    private static final int CLIENTS = 4;
    /** Short, so that some requests are cut off while the server still works on them, as a real client's are. */
    private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(2500);
    private static final Duration OUTAGE = Duration.ofSeconds(2);

    @Test
    void underLoadAStoppedAndAKilledDatabaseGiveOnly503sLoseNothingAndRecoverByThemselves() throws Exception {
        RunningRegistry registry = RunningRegistry.startFresh("registry.embedded.restart-delay=" + OUTAGE);
        boolean closed = false;
        try {
            Api api = registry.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String cityId = MemberSupport.cityId(api, admin);
            Response district = api.post("/api/unions", admin, Forms.district(cityId, "海沧区总工会"));
            assertThat(district.status()).as("%s", district).isEqualTo(201);
            Response union = api.post("/api/unions", admin,
                    Forms.minimalGrassroots(district.json().path("unionId").asText(), "厦门海沧断库测试有限公司工会"));
            assertThat(union.status()).as("%s", union).isEqualTo(201);
            String unionId = union.json().path("unionId").asText();
            String operator = api.loginAndChangePassword(union.json().path("operatorUsername").asText(),
                    union.json().path("oneTimePassword").asText(), "Operator-Password-O1");
            EmbeddedPostgresServer server = (EmbeddedPostgresServer) registry.context().getBean(DatabaseEndpoint.class);

            OutageLoad load = new OutageLoad(api, operator, unionId, CLIENTS, CLIENT_TIMEOUT);
            load.start();
            Thread.sleep(1000);
            long firstPostmaster = server.postmaster().orElseThrow().pid();
            long stopped = System.nanoTime();
            fastStop(firstPostmaster);
            int afterStop = load.awaitRecovery(admin, stopped, Duration.ofSeconds(60));

            Thread.sleep(1000);
            ProcessHandle second = server.postmaster().orElseThrow();
            assertThat(second.pid()).as("the server was started again").isNotEqualTo(firstPostmaster);
            long killed = System.nanoTime();
            second.destroyForcibly();
            int afterKill = load.awaitRecovery(admin, killed, Duration.ofSeconds(60));
            Thread.sleep(1000);
            load.stop();

            load.assertNothingLostOrDoubled(registry, "OUTAGE");
            assertThat(afterStop).as("health DOWN samples during the stop").isPositive();
            assertThat(afterKill).as("health DOWN samples after the kill").isPositive();
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);

            Response verified = api.get("/api/audit/verify", admin);
            assertThat(verified.status()).as("%s", verified).isEqualTo(200);
            assertThat(verified.json().path("intact").asBoolean()).as("%s", verified).isTrue();

            // A shutdown with the database dead still ends promptly.
            server.postmaster().orElseThrow().destroyForcibly();
            long start = System.nanoTime();
            registry.close();
            closed = true;
            long shutdownMillis = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("OUTAGE shutdown-with-dead-database-ms=%d%n", shutdownMillis);
            assertThat(shutdownMillis).as("shutdown with the database dead, ms").isLessThan(30_000);
        } finally {
            if (!closed) {
                registry.close();
            }
        }
    }

    /** What {@code pg_ctl stop -m fast} does: SIGINT to the postmaster. */
    private static void fastStop(long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(pid)).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }
}
