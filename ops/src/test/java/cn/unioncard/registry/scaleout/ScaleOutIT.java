package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.MachinePostgres;
import cn.unioncard.registry.it.several.Instances;
import cn.unioncard.registry.testing.Eventually;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several registry processes (the packaged jar, each its own JVM and token owner) on one PostgreSQL
 * server started from the machine's own binaries, reached by a real HTTP client, as a load balancer
 * would spread a clerk's requests. Runs after {@code package} in every {@code ./mvnw verify}; the
 * process count is {@code -Dscaleout.processes} (2 by default).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    static final String ADMIN_PASSWORD = "AdminPass-12345";
    private static MachinePostgres pg;
    private static Cluster cluster;
    private static String admin;
    private static String city;
    private static String district;
    private static final List<Union> unions = new ArrayList<>();
    private static final AtomicInteger people = new AtomicInteger(1_000);

    record Union(String id, String operator) {
    }

    @BeforeAll
    static void startProcesses() throws Exception {
        pg = MachinePostgres.start();
        cluster = Cluster.start(pg, Integer.getInteger("scaleout.processes", 2),
                Path.of(System.getProperty("bench.jar", "target/ops-0.1.0-SNAPSHOT.jar")),
                Path.of(System.getProperty("bench.out", "target/bench")).resolve("scaleout"));
        admin = cluster.at(0).login("admin", ADMIN_PASSWORD);
        Api a = cluster.at(0);
        city = a.get("/api/unions?level=CITY", admin).json().path("items").get(0).path("id").asText();
        Response d = cluster.at(1).post("/api/unions", admin, Forms.district(city, "集美区总工会"));
        assertThat(d.status()).as("%s", d).isEqualTo(201);
        district = d.json().path("unionId").asText();
        for (int i = 0; i < 4; i++) {
            // made at one process, its operator's first login at the next: read-your-writes for accounts too
            Response g = cluster.at(i).post("/api/unions", admin, Forms.minimalGrassroots(district, "集美第" + i + "测试公司工会"));
            assertThat(g.status()).as("%s", g).isEqualTo(201);
            String operator = cluster.at(i + 1).loginAndChangePassword(g.json().path("systemCode").asText(),
                    g.json().path("oneTimePassword").asText(), "Operator-Password-" + i);
            unions.add(new Union(g.json().path("unionId").asText(), operator));
        }
    }

    @AfterAll
    static void stopProcesses() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    @Order(1)
    void a_member_registered_at_one_process_reads_back_at_once_from_the_other() {
        Union union = unions.get(0);
        for (int i = 0; i < 10; i++) {
            Response registered = cluster.at(i).post("/api/unions/" + union.id() + "/members", union.operator(),
                    MemberData.numbered(people.getAndIncrement()).json());
            assertThat(registered.status()).as("%s", registered).isEqualTo(201);
            String id = registered.json().path("memberId").asText();
            Response read = cluster.at(i + 1).get("/api/members/" + id, union.operator());
            assertThat(read.status()).as("read at the other process at once: %s", read).isEqualTo(200);
            assertThat(read.json().path("version").asLong()).isZero();
        }
    }

    @Test
    @Order(2)
    void the_same_person_registered_in_two_unions_at_two_processes_at_once_is_a_member_once() throws Exception {
        for (int i = 0; i < 12; i++) {
            Map<String, Object> person = MemberData.numbered(people.getAndIncrement()).json();
            List<Response> answers = atOnce(
                    () -> cluster.at(0).post("/api/unions/" + unions.get(1).id() + "/members", unions.get(1).operator(), person),
                    () -> cluster.at(1).post("/api/unions/" + unions.get(2).id() + "/members", unions.get(2).operator(), person));
            assertThat(answers).extracting(Response::status).as("%s", answers).containsExactlyInAnyOrder(201, 409);
            assertThat(answers).filteredOn(r -> r.status() == 409).allSatisfy(r ->
                    assertThat(r.contentType()).startsWith("application/problem+json"));
        }
    }

    @Test
    @Order(3)
    void one_member_corrected_at_two_processes_at_once_takes_one_correction_and_refuses_the_other() throws Exception {
        Union union = unions.get(0);
        for (int i = 0; i < 12; i++) {
            Response registered = cluster.at(0).post("/api/unions/" + union.id() + "/members", union.operator(),
                    MemberData.numbered(people.getAndIncrement()).json());
            String path = "/api/members/" + registered.json().path("memberId").asText();
            List<Response> answers = atOnce(
                    () -> patch(cluster.at(0), path, union.operator(), Map.of("mobile", "13700000001")),
                    () -> patch(cluster.at(1), path, union.operator(), Map.of("mobile", "13700000002")));
            assertThat(answers).extracting(Response::status).as("%s", answers).contains(204)
                    .allSatisfy(s -> assertThat(s).isIn(204, 409, 412));
            Response after = cluster.at(1).get(path, union.operator());
            assertThat(after.json().path("version").asLong()).as("exactly one correction applied").isEqualTo(1);
        }
    }

    @Test
    @Order(4)
    void a_retry_with_the_same_idempotency_key_at_the_other_process_gets_the_first_answer() {
        Union union = unions.get(3);
        Map<String, Object> person = MemberData.numbered(people.getAndIncrement()).json();
        String key = "scaleout-" + System.nanoTime();
        Response first = cluster.at(0).post("/api/unions/" + union.id() + "/members", union.operator(), person,
                "Idempotency-Key", key);
        Response retry = cluster.at(1).post("/api/unions/" + union.id() + "/members", union.operator(), person,
                "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        assertThat(retry.json().path("memberId").asText()).isEqualTo(first.json().path("memberId").asText());
    }

    @Test
    @Order(5)
    void failed_logins_spread_over_the_processes_lock_the_account_at_every_process() {
        Response opened = cluster.at(0).post("/api/users", admin, Map.of("username", "lockout.scale",
                "displayName", "测试 锁定", "role", "DPO", "unionId", city));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.add(cluster.at(i).token("lockout.scale", "wrong-password-" + i).status());
        }
        assertThat(statuses).as("five failures from one address lock it, wherever they arrived").contains(429);
        for (int i = 0; i < cluster.size(); i++) {
            Response right = cluster.at(i).token("lockout.scale", opened.json().path("oneTimePassword").asText());
            assertThat(right.status()).as("the right password at process %d while locked", i).isEqualTo(429);
        }
    }

    @Test
    @Order(6)
    void an_erasure_at_one_process_closes_the_member_at_the_other_within_a_second() throws Exception {
        Union union = unions.get(0);
        String dpo = dpo();
        String name = "司马望舒";
        Response registered = cluster.at(0).post("/api/unions/" + union.id() + "/members", union.operator(),
                MemberData.form(name, cn.unioncard.registry.testing.ResidentIds.fresh(), "13600004444").json());
        String member = registered.json().path("memberId").asText();
        assertThat(cluster.at(1).get("/api/members/" + member + "/history", dpo).body())
                .as("the other process has opened, so cached, the member's key").contains(name);
        assertThat(cluster.at(0).post("/api/members/" + member + "/erasure", dpo,
                Map.of("legalBasis", "本人申请删除（多进程测试）")).status()).isEqualTo(204);
        // Measured to the start of the first read that no longer opens the member: the read's own time
        // (slow on a loaded machine) is not the notification's.
        long erasedAt = System.nanoTime();
        double seconds = Double.POSITIVE_INFINITY;
        while (System.nanoTime() - erasedAt < 5_000_000_000L) {
            long asked = System.nanoTime();
            if (!cluster.at(1).get("/api/members/" + member + "/history", dpo).body().contains(name)) {
                seconds = (asked - erasedAt) / 1e9;
                break;
            }
            Thread.sleep(20);
        }
        System.out.printf("SCALEOUT the first read at the other process that no longer opened the member started %.2f s after the erasure answered%n", seconds);
        assertThat(seconds).as("seconds until a read at the other process no longer opens the member").isLessThan(1.0);
    }

    @Test
    @Order(7)
    void the_streaming_projections_segments_are_shared_out_among_the_processes() {
        assertThat(Eventually.eventually(60_000, () -> sharedOut(cluster.owners("access-log"))))
                .as("the access log's 4 segments spread, none holding more than its share: %s",
                        cluster.owners("access-log")).isTrue();
    }

    /** All 4 segments held, by more than one process, none holding more than its share (4 over the processes, rounded up). */
    private static boolean sharedOut(Map<String, Integer> owners) {
        int share = (4 + cluster.size() - 1) / cluster.size();
        return owners.size() > 1 && owners.values().stream().mapToInt(Integer::intValue).sum() == 4
                && owners.values().stream().allMatch(n -> n <= share);
    }

    @Test
    @Order(8)
    void a_streaming_projection_replayed_at_one_process_while_the_others_hold_segments_comes_out_the_same() {
        assertThat(cluster.owners("access-log")).as("segments at more than one process").hasSizeGreaterThan(1);
        Convergence.assertReplaysChangeNothing(cluster, pg, admin, List.of("access-log", "accounts"));
        assertThat(Eventually.eventually(60_000, () -> sharedOut(cluster.owners("access-log"))))
                .as("the segments are shared out again: %s", cluster.owners("access-log")).isTrue();
    }

    @Test
    @Order(9)
    void a_process_killed_under_load_leaves_nothing_skipped_or_doubled() throws Exception {
        double raw = RawBaseline.singleRowTransactionsPerSecond(pg, 4, 5);
        System.out.printf("SCALEOUT %d processes; the server's raw single-row insert tx/s (4 connections): %.0f%n",
                cluster.size(), raw);
        KillUnderLoad run = new KillUnderLoad(cluster, unions, people);
        KillUnderLoad.Result result = run.run(20, 6);
        System.out.printf("SCALEOUT kill -9 under load: %s%n", result);
        assertThat(result.serverErrors()).as("answers 5xx other than 503").isZero();
        assertThat(result.acknowledged()).as("registrations acknowledged").isGreaterThan(20);
        assertThat(result.takeoverSeconds()).as("the killed process's segments claimed by the others").isLessThan(30);

        Api survivor = cluster.at(0);
        for (String member : result.memberIds()) {
            assertThat(survivor.get("/api/members/" + member, admin).status()).as(member).isEqualTo(200);
        }
        assertThat(Eventually.eventually(30_000, () -> Long.parseLong(Sql.one(pg, """
                select (select coalesce(max(global_index), 0) from domain_event_entry)
                     - greatest((select coalesce(max(global_index), 0) from event_seal),
                                (select coalesce(max(global_index), 0) from event_gap))""")) == 0))
                .as("the survivors sealed every event, the dead process's last ones included").isTrue();
        assertThat(Long.parseLong(Sql.one(pg, "select count(*) from member_view where id = any(?)",
                (Object) result.memberIds().toArray(String[]::new)))).isEqualTo(result.memberIds().size());
        Convergence.assertReplaysChangeNothing(cluster, pg, admin, List.copyOf(Convergence.TABLES.keySet()));
        JsonNode verify = survivor.get("/api/audit/verify", admin).json();
        assertThat(verify.path("intact").asBoolean()).as("%s", verify).isTrue();
    }

    private static String dpo() {
        Response opened = cluster.at(0).post("/api/users", admin, Map.of("username", "dpo.scale",
                "displayName", "测试 数据保护", "role", "DPO", "unionId", city));
        if (opened.status() == 409) {
            return cluster.at(1).login("dpo.scale", "Password-of-dpo.scale");
        }
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return cluster.at(1).loginAndChangePassword("dpo.scale", opened.json().path("oneTimePassword").asText(),
                "Password-of-dpo.scale");
    }

    static Response patch(Api api, String path, String token, Object body) {
        return cn.unioncard.registry.it.member.MemberSupport.patch(api, path, token, body, "If-Match", "\"0\"");
    }

    /** Both calls released at the same instant from two threads. */
    @SafeVarargs
    private static List<Response> atOnce(Callable<Response>... calls) throws Exception {
        return Instances.atOnce(List.of(calls));
    }
}
