package cn.unioncard.registry.it;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportCompleted;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.privacy.ImportRetention;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side of imports on the running registry: the job's events (published here as the
 * command side will publish them, with the uploader as actor) make a job its union's scope sees at
 * once; its report is 409 until DONE, the stored bytes after (recorded as a read of the members it
 * shows), and 410 once the retention sweep has deleted it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportViewsTest {

    private static final Violation BAD_ID = new Violation("idNumber", "idNumber.checksum", Violation.Severity.ERROR,
            "校验位不正确", "wrong check digit");

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String grassrootsA;
    private String operatorA;
    private Actor uploaderA;
    private String operatorB;
    private String bank;
    private String auditor;
    private final List<String> members = new ArrayList<>();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String cityId = MemberSupport.cityId(api, admin);
        String districtA = created(api.post("/api/unions", admin, Forms.district(cityId, "集美区总工会")));
        String districtB = created(api.post("/api/unions", admin, Forms.district(cityId, "海沧区总工会")));
        Response ga = api.post("/api/unions", admin, Forms.minimalGrassroots(districtA, "集美食品厂工会"));
        grassrootsA = created(ga);
        String codeA = ga.json().path("operatorUsername").asText();
        operatorA = api.loginAndChangePassword(codeA, ga.json().path("oneTimePassword").asText(), "Operator-Pass-A1");
        uploaderA = new Actor(codeA, Role.UNION_OPERATOR, grassrootsA, "127.0.0.1", "import-test", null);
        Response gb = api.post("/api/unions", admin, Forms.minimalGrassroots(districtB, "海沧港务公司工会"));
        created(gb);
        operatorB = api.loginAndChangePassword(gb.json().path("operatorUsername").asText(),
                gb.json().path("oneTimePassword").asText(), "Operator-Pass-B1");
        bank = MemberSupport.account(api, admin, "import.bank", "BANK_OPERATOR", cityId);
        auditor = MemberSupport.account(api, admin, "import.auditor", "AUDITOR", cityId);
        for (int n = 1; n <= 3; n++) {
            Response m = api.post("/api/unions/" + grassrootsA + "/members", operatorA, MemberData.form("导入会员" + "一二三".charAt(n - 1),
                    ResidentIds.of("350211", LocalDate.of(1988, 2, n), 300 + n), "1385921000" + n).json());
            assertThat(m.status()).as("%s", m).isEqualTo(201);
            members.add(m.json().path("memberId").asText());
        }
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void a_job_is_readable_at_once_by_its_unions_scope_and_nowhere_else() {
        String job = started("会员名单.xlsx");

        Response own = api.get("/api/imports/" + job, operatorA);
        assertThat(own.status()).as("%s", own).isEqualTo(200);
        assertThat(own.json().path("state").asText()).isEqualTo("QUEUED");
        assertThat(own.json().path("unionId").asText()).isEqualTo(grassrootsA);
        assertThat(own.json().path("fileName").asText()).isEqualTo("会员名单.xlsx");
        assertThat(own.json().path("fileSha256").asText()).hasSize(64);
        assertThat(own.json().path("reportAvailable").asBoolean()).isFalse();
        assertThat(own.json().path("startedAt").asText()).isNotEmpty();
        assertThat(api.get("/api/imports/" + job, admin).status()).isEqualTo(200);
        assertThat(api.get("/api/imports/" + job, auditor).status()).isEqualTo(200);

        Response other = api.get("/api/imports/" + job, operatorB);
        assertThat(other.status()).as("%s", other).isEqualTo(404);
        assertThat(other.problemType()).isEqualTo("/problems/not-found");
        assertThat(api.get("/api/imports/" + job + "/report.xlsx", operatorB).status()).isEqualTo(404);
        assertThat(api.get("/api/imports?unionId=" + grassrootsA, operatorB).status()).isEqualTo(404);
        assertThat(api.get("/api/imports/" + UUID.randomUUID(), operatorA).status()).isEqualTo(404);

        Response banked = api.get("/api/imports/" + job, bank);
        assertThat(banked.status()).as("%s", banked).isEqualTo(403);
        assertThat(api.get("/api/imports/" + job, null).status()).isEqualTo(401);
    }

    @Test
    void a_unions_jobs_are_listed_newest_first_and_the_union_is_required() {
        String older = started("一月.xlsx");
        String newer = started("二月.xlsx");

        Response page = api.get("/api/imports?unionId=" + grassrootsA + "&size=2", operatorA);
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        List<String> ids = StreamSupport.stream(page.json().path("items").spliterator(), false)
                .map(i -> i.path("jobId").asText()).toList();
        assertThat(ids).containsExactly(newer, older);
        assertThat(page.json().path("total").asLong()).isGreaterThanOrEqualTo(2);

        Response missing = api.get("/api/imports", operatorA);
        assertThat(missing.status()).as("%s", missing).isEqualTo(400);
        assertThat(api.get("/api/imports?unionId=" + grassrootsA + "&size=0", operatorA).status()).isEqualTo(400);
    }

    @Test
    void the_report_is_refused_until_done_streamed_and_recorded_after_and_gone_after_the_retention_sweep()
            throws IOException {
        String job = started("报告.xlsx");
        Response early = api.get("/api/imports/" + job + "/report.xlsx", operatorA);
        assertThat(early.status()).as("%s", early).isEqualTo(409);
        assertThat(early.problemType()).isEqualTo("/problems/conflict");

        publish(new ImportRowsProcessed(job, 4, 5, 2, 1, 1, List.of(
                new ImportedRow(2, RowResult.ACCEPTED, members.get(0), List.of()),
                new ImportedRow(3, RowResult.REJECTED, null, List.of(BAD_ID)),
                new ImportedRow(4, RowResult.DUPLICATE, members.get(1), List.of()),
                new ImportedRow(5, RowResult.ACCEPTED, members.get(2), List.of()))));
        Response running = api.get("/api/imports/" + job, operatorA);
        assertThat(running.json().path("state").asText()).isEqualTo("RUNNING");
        assertThat(running.json().path("processed").asInt()).isEqualTo(4);
        assertThat(api.get("/api/imports/" + job + "/report.xlsx", operatorA).status()).isEqualTo(409);

        byte[] report = new byte[70_000];
        new SecureRandom().nextBytes(report);
        try (OutputStream out = files().create(job, ImportFiles.Part.REPORT)) {
            out.write(report);
        }
        publish(new ImportCompleted(job, 4, 2, 1, 1, 1200));
        JsonNode done = api.get("/api/imports/" + job, operatorA).json();
        assertThat(done.path("state").asText()).isEqualTo("DONE");
        assertThat(List.of(done.path("accepted").asInt(), done.path("rejected").asInt(),
                done.path("duplicates").asInt())).containsExactly(2, 1, 1);
        assertThat(done.path("finishedAt").asText()).isNotEmpty();
        assertThat(done.path("reportAvailable").asBoolean()).isTrue();

        long mark = maxGlobalIndex();
        HttpResponse<byte[]> download = api.download("/api/imports/" + job + "/report.xlsx", operatorA);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(report);
        assertThat(download.headers().firstValue("Content-Type").orElse(""))
                .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
                .startsWith("attachment").contains("filename=\"import-report.xlsx\"").contains("filename*=UTF-8''");
        assertThat(readersOf(mark, uploaderA.username())).containsExactlyInAnyOrderElementsOf(members);

        expire(job);
        Response gone = api.get("/api/imports/" + job + "/report.xlsx", operatorA);
        assertThat(gone.status()).as("%s", gone).isEqualTo(410);
        assertThat(gone.problemType()).isEqualTo("/problems/gone");
        assertThat(gone.json().path("detail").asText()).isEqualTo("报告已超过保留期限并已删除");
        assertThat(api.get("/api/imports/" + job + "/report.xlsx", operatorA, "Accept-Language", "en").json()
                .path("detail").asText()).isEqualTo("the report has been deleted after the retention period");
        assertThat(api.get("/api/imports/" + job, operatorA).json().path("reportAvailable").asBoolean()).isFalse();
        assertThat(files().exists(job, ImportFiles.Part.UPLOAD)).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    /** A job queued by the grassroots operator, its upload stored as the command side stores it. */
    private String started(String fileName) {
        String job = UUID.randomUUID().toString();
        try (OutputStream out = files().create(job, ImportFiles.Part.UPLOAD)) {
            out.write("an upload".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        publish(new ImportStarted(job, ImportKind.MEMBERS, grassrootsA, fileName, "0f".repeat(32), 9));
        return job;
    }

    private void publish(Object event) {
        registry.context().getBean(EventGateway.class).publish(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage(event)
                        .andMetaData(AuditMetadata.of(uploaderA)));
    }

    private ImportFiles files() {
        return registry.context().getBean(ImportFiles.class);
    }

    /** Ages the job's files past the retention period and runs the sweep the scheduler runs hourly. */
    private void expire(String job) throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(8)));
        try (Stream<Path> all = Files.list(registry.dataDir().resolve("imports"))) {
            for (Path p : all.filter(p -> p.getFileName().toString().startsWith(job + ".")).toList()) {
                Files.setLastModifiedTime(p, old);
            }
        }
        assertThat(registry.context().getBean(ImportRetention.class).sweep()).isGreaterThanOrEqualTo(1);
    }

    /** The members named by PersonalDataAccessed events after {@code mark} whose actor is {@code user}. */
    private TreeSet<String> readersOf(long mark, String user) {
        TreeSet<String> named = new TreeSet<>();
        for (Map<String, Object> e : registry.jdbc().queryForList("""
                select payload, meta_data from domain_event_entry
                where payload_type like '%PersonalDataAccessed' and global_index > ?""", mark)) {
            JsonNode meta = json(e.get("meta_data"));
            if (user.equals(meta.path("actor.user").asText())) {
                json(e.get("payload")).path("memberIds").forEach(id -> named.add(id.asText()));
            }
        }
        return named;
    }

    private long maxGlobalIndex() {
        Long max = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private static JsonNode json(Object bytes) {
        try {
            return Api.JSON.readTree(new String((byte[]) bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }
}
