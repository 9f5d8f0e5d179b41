package cn.unioncard.registry.it.several;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.ops.das.MakeOfflineReport;
import cn.unioncard.registry.testing.Eventually;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two registries on one database and one data directory, as a scaled-out deployment runs them: every job
 * that must run in one place at a time does, and every race between them ends in one winner and a 409.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeveralInstancesTest {

    private static final String CHUNK = "registry.imports.chunk-size=200";

    private RunningRegistry host;
    private RunningRegistry second;
    private Api a;
    private Api b;
    private String adminA;
    private String adminB;
    private String district;
    private final AtomicInteger people = new AtomicInteger(610_000);

    @BeforeAll
    void start() {
        host = RunningRegistry.startFresh(CHUNK);
        second = Instances.join(host, CHUNK);
        a = host.api();
        b = second.api();
        adminA = a.login(ADMIN, ADMIN_PASSWORD);
        adminB = b.login(ADMIN, ADMIN_PASSWORD);
        district = ImportSupport.district(a, adminA, MemberSupport.cityId(a, adminA), "思明区总工会");
    }

    @AfterAll
    void stop() {
        try {
            second.close();
        } finally {
            host.close();
        }
    }

    @Test
    void checkpoints_signed_by_two_instances_at_once_follow_the_chain_in_order() throws Exception {
        String[] union = ImportSupport.grassroots(a, adminA, district, "厦门两地签名有限公司工会");
        List<Callable<Integer>> signers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Api api = i % 2 == 0 ? a : b;
            String admin = i % 2 == 0 ? adminA : adminB;
            signers.add(() -> {
                for (int k = 0; k < 8; k++) {
                    api.post("/api/unions/" + union[0] + "/members", union[1],
                            MemberData.numbered(people.incrementAndGet()).json());
                    Response signed = api.post("/api/audit/checkpoints", admin, null);
                    if (signed.status() != 200) {
                        return signed.status();
                    }
                }
                return 200;
            });
        }
        assertThat(Instances.atOnce(signers)).containsOnly(200);

        List<Map<String, Object>> checkpoints = host.jdbc().queryForList(
                "select position, signed_at from chain_checkpoint order by position");
        assertThat(checkpoints).hasSizeGreaterThan(1);
        for (int i = 1; i < checkpoints.size(); i++) {
            assertThat((Timestamp) checkpoints.get(i).get("signed_at")).as("signed in the chain's order")
                    .isAfterOrEqualTo((Timestamp) checkpoints.get(i - 1).get("signed_at"));
        }
        assertThat(host.jdbc().queryForObject("select count(*) from chain_checkpoint c join event_seal s "
                + "on s.global_index = c.position and s.hash = c.hash", Integer.class))
                .as("every checkpoint names the sealed hash at its position").isEqualTo(checkpoints.size());
        JsonNode report = b.get("/api/audit/verify", adminB).json();
        assertThat(report.path("intact").asBoolean()).as("%s", report).isTrue();
        JsonNode digest = a.get("/api/audit/digest", adminA).json();
        assertThat(digest.path("position").asLong()).isEqualTo(
                host.jdbc().queryForObject("select max(position) from chain_checkpoint", Long.class));
    }

    @Test
    void an_import_seen_by_two_instances_registers_each_row_once_and_ends_once() throws Exception {
        String[] union = ImportSupport.grassroots(a, adminA, district, "厦门两地导入有限公司工会");
        int first = reserve(10_000);
        byte[] sheet = MemberWorkbooks.bytes(3000, n -> MemberData.numbered(first + n));
        Response accepted = ImportSupport.upload(b, "/api/unions/" + union[0] + "/member-imports", union[1],
                "members.xlsx", sheet);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        String job = accepted.json().path("jobId").asText();

        JsonNode ended = waitForEnd(a, union[1], job);
        assertThat(ended.path("state").asText()).as("%s", ended).isEqualTo("DONE");
        assertThat(ended.path("accepted").asInt()).as("%s", ended).isEqualTo(3000);
        assertThat(ended.path("duplicates").asInt()).isZero();
        assertThat(members(union[0])).isEqualTo(3000);
        assertThat(events(job, "ImportCompleted")).isEqualTo(1);
        assertThat(events(job, "ImportFailed")).isZero();
    }

    @Test
    void a_job_left_by_a_stopped_instance_is_finished_by_another_from_its_last_chunk() throws Exception {
        String[] union = ImportSupport.grassroots(a, adminA, district, "厦门接手导入有限公司工会");
        int first = reserve(10_000);
        byte[] sheet = MemberWorkbooks.bytes(4000, n -> MemberData.numbered(first + n));
        String job;
        try (RunningRegistry third = Instances.join(host, CHUNK)) {
            Response accepted = ImportSupport.upload(third.api(), "/api/unions/" + union[0] + "/member-imports", union[1],
                    "members.xlsx", sheet);
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
            job = accepted.json().path("jobId").asText();
            String id = job;
            assertThat(Eventually.eventually(120_000, () -> throughRow(id) > 0)).as("a chunk committed").isTrue();
        }
        int leftAt = throughRow(job);
        JsonNode ended = waitForEnd(b, union[1], job);
        assertThat(ended.path("state").asText()).as("%s", ended).isEqualTo("DONE");
        assertThat(ended.path("accepted").asInt()).as("left at row %d", leftAt).isEqualTo(4000);
        assertThat(ended.path("duplicates").asInt()).as("no chunk registered twice").isZero();
        assertThat(members(union[0])).isEqualTo(4000);
        assertThat(events(job, "ImportCompleted")).isEqualTo(1);
    }

    @Test
    void an_offline_report_is_followed_up_once_while_the_other_instance_keeps_catching_up() throws Exception {
        String[] union = ImportSupport.grassroots(a, adminA, district, "厦门两地离线有限公司工会");
        MemberSupport.account(a, adminA, "reviewer.several", "DISTRICT_REVIEWER", district);
        String reviewer = b.login("reviewer.several", "Password-of-reviewer.several");
        String keyFile = b.post("/api/unions/" + union[0] + "/offline-keys", reviewer, Map.of()).json()
                .path("keyFile").asText();
        Class<?> type = Class.forName("cn.unioncard.registry.command.das.OfflineReportFollowUp");
        Object followUp = host.context().getBean(type);
        Method catchUp = type.getDeclaredMethod("catchUpScheduled");
        catchUp.setAccessible(true);

        Response r = ImportSupport.upload(b, "/api/offline-reports", reviewer, "report.das",
                report(keyFile, reserve(10)));
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String job = r.json().path("jobId").asText();
        long until = System.currentTimeMillis() + 120_000;
        while (List.of("IMPORTING", "SUBMITTING").contains(reportState(job)) && System.currentTimeMillis() < until) {
            catchUp.invoke(followUp); // the host looks again and again while the second follows the report up
            Thread.sleep(20);
        }
        assertThat(reportState(job)).isEqualTo("SUBMITTED");
        List<Map<String, Object>> authorised = host.jdbc().queryForList("select aggregate_identifier, count(*) n "
                + "from domain_event_entry where payload_type like '%.MemberAuthorisationRecorded' and "
                + "convert_from(meta_data, 'UTF8') like '%reviewer.several%' group by aggregate_identifier");
        assertThat(authorised).hasSize(3).allMatch(row -> ((Number) row.get("n")).intValue() == 1);
        String batch = host.jdbc().queryForObject("select batch_id from offline_report where job_id = ?",
                String.class, job);
        assertThat(host.jdbc().queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like '%.BatchSubmitted'", Integer.class, batch)).isEqualTo(1);
    }

    @Test
    void one_idempotency_key_sent_to_both_instances_at_once_does_the_work_once() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> form = Forms.minimalGrassroots(district, "厦门两地同键有限公司工会");
        List<Callable<Response>> posts = List.of(
                () -> a.post("/api/unions", adminA, form, "Idempotency-Key", key),
                () -> b.post("/api/unions", adminB, form, "Idempotency-Key", key),
                () -> a.post("/api/unions", adminA, form, "Idempotency-Key", key),
                () -> b.post("/api/unions", adminB, form, "Idempotency-Key", key));
        List<Response> answers = Instances.atOnce(posts);
        assertThat(answers).as("%s", answers).allMatch(r -> r.status() == 201 || r.status() == 409);
        List<JsonNode> created = answers.stream().filter(r -> r.status() == 201).map(Response::json).toList();
        assertThat(created).isNotEmpty();
        assertThat(created).allMatch(j -> j.equals(created.get(0)));
        assertThat(host.jdbc().queryForObject("select count(*) from union_view where name = ?", Integer.class,
                "厦门两地同键有限公司工会")).isEqualTo(1);
    }

    @Test
    void two_edits_of_one_member_at_two_instances_end_in_one_edit_and_a_conflict() throws Exception {
        String[] union = ImportSupport.grassroots(a, adminA, district, "厦门两地修改有限公司工会");
        Response registered = a.post("/api/unions/" + union[0] + "/members", union[1],
                MemberData.numbered(people.incrementAndGet()).json());
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        String path = "/api/members/" + registered.json().path("memberId").asText();
        for (int version = 0; version < 5; version++) {
            String ifMatch = "\"" + version + "\"";
            int round = version;
            List<Response> answers = Instances.atOnce(List.of(
                    () -> MemberSupport.patch(a, path, union[1], Map.of("mobile", "1360000100" + round), "If-Match",
                            ifMatch),
                    () -> MemberSupport.patch(b, path, union[1], Map.of("mobile", "1360000200" + round), "If-Match",
                            ifMatch)));
            assertThat(answers.stream().map(Response::status).toList()).as("%s", answers)
                    .containsOnlyOnce(204).allMatch(s -> s == 204 || s == 409 || s == 412);
        }
    }

    @Test
    void one_person_registered_in_two_unions_at_two_instances_at_once_is_a_member_once() throws Exception {
        String[] east = ImportSupport.grassroots(a, adminA, district, "厦门两地东方有限公司工会");
        String[] west = ImportSupport.grassroots(b, adminB, district, "厦门两地西方有限公司工会");
        for (int i = 0; i < 3; i++) {
            MemberData.Form person = MemberData.numbered(people.incrementAndGet());
            List<Response> answers = Instances.atOnce(List.of(
                    () -> a.post("/api/unions/" + east[0] + "/members", east[1], person.json()),
                    () -> b.post("/api/unions/" + west[0] + "/members", west[1], person.json())));
            assertThat(answers.stream().map(Response::status).toList()).as("%s", answers)
                    .containsExactlyInAnyOrder(201, 409);
            assertThat(host.jdbc().queryForObject("select count(*) from membership_lookup where id_hash = ? and active",
                    Integer.class, MemberSupport.idHash(host, person.idNumber))).isEqualTo(1);
        }
    }

    @Test
    void a_batch_approved_at_two_instances_at_once_is_approved_once() throws Exception {
        String[] union = ImportSupport.grassroots(a, adminA, district, "厦门两地审批有限公司工会");
        MemberSupport.account(a, adminA, "reviewer.approves", "DISTRICT_REVIEWER", district);
        String reviewerA = a.login("reviewer.approves", "Password-of-reviewer.approves");
        String reviewerB = b.login("reviewer.approves", "Password-of-reviewer.approves");
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            Response created = a.post("/api/unions/" + union[0] + "/members", union[1],
                    MemberData.numbered(people.incrementAndGet()).json());
            String id = created.json().path("memberId").asText();
            assertThat(a.post("/api/members/" + id + "/authorisation", union[1],
                    Map.of("receivedOn", LocalDate.now(ZoneOffset.ofHours(8)).toString(), "scanReference", "SQ-" + n))
                    .status()).isEqualTo(204);
            ids.add(id);
        }
        Response submitted = a.post("/api/unions/" + union[0] + "/batches", union[1], Map.of("memberIds", ids));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String batch = submitted.json().path("batchId").asText();
        List<Response> answers = Instances.atOnce(List.of(
                () -> a.post("/api/batches/" + batch + "/approval", reviewerA, Map.of()),
                () -> b.post("/api/batches/" + batch + "/approval", reviewerB, Map.of())));
        assertThat(answers.stream().map(Response::status).toList()).as("%s", answers)
                .containsExactlyInAnyOrder(200, 409);
        assertThat(host.jdbc().queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like '%.BatchApproved'", Integer.class, batch)).isEqualTo(1);
    }

    /** The first of {@code count} people no other test here registers. */
    private int reserve(int count) {
        return people.getAndAdd(count) + 1;
    }

    private JsonNode waitForEnd(Api api, String token, String job) {
        JsonNode[] state = new JsonNode[1];
        assertThat(Eventually.eventually(240_000, () -> {
            Response r = api.get("/api/imports/" + job, token);
            state[0] = r.json();
            return r.status() == 200 && !List.of("QUEUED", "RUNNING").contains(state[0].path("state").asText());
        })).as("the job ended").isTrue();
        return state[0];
    }

    private int throughRow(String job) {
        return host.jdbc().queryForObject("select coalesce(processed_through, 0) from import_job where job_id = ?",
                Integer.class, job);
    }

    private int members(String union) {
        return host.jdbc().queryForObject("select count(*) from member_view where union_id = ?", Integer.class, union);
    }

    private int events(String aggregate, String type) {
        return host.jdbc().queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like ?", Integer.class, aggregate, "%." + type);
    }

    private String reportState(String job) {
        return host.jdbc().queryForObject("select state from offline_report where job_id = ?", String.class, job);
    }

    private static byte[] report(String keyFile, int firstPerson) throws Exception {
        Path dir = Files.createTempDirectory("das-several");
        try {
            MemberWorkbooks.write(dir.resolve("filled.xlsx"), 3, n -> MemberData.numbered(firstPerson + n));
            Files.writeString(dir.resolve("union.key"), keyFile);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = MakeOfflineReport.run(new String[] {"--template", dir.resolve("filled.xlsx").toString(),
                    "--key", dir.resolve("union.key").toString(), "--out", dir.resolve("report.das").toString(),
                    "--authorised-on", LocalDate.now(ZoneOffset.ofHours(8)).toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Clock.systemUTC());
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            return Files.readAllBytes(dir.resolve("report.das"));
        } finally {
            RunningRegistry.deleteQuietly(dir);
        }
    }
}
