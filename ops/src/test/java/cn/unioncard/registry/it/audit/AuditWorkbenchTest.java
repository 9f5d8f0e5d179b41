package cn.unioncard.registry.it.audit;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.integrity.OfflineVerifier;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import cn.unioncard.registry.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "done when", as the three people who use the workbench would try it on a fresh registry:
 * the DPO finds who revealed one member's ID number and why, is alerted to a mass reveal and to a
 * probe outside a scope, acknowledges both and exports a member's access report; an auditor pulls the
 * whole stream page by page, verifies it offline and reads a batch as of earlier instants; the city
 * admin replays the member directory while a clerk keeps listing members.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditWorkbenchTest {

    private static final int PEOPLE = 61;
    private static final String PURPOSE = "核对会员身份证号码";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String union;
    private String clerk;
    private String reviewer;
    private String revealer;
    private String prober;
    private String dpo;
    private String auditor;
    private final List<MemberData.Form> people = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = ImportSupport.district(api, admin, city, "湖里区总工会");
        union = ImportSupport.grassroots(api, admin, district, "厦门审计测试有限公司工会")[0];
        String elsewhere = ImportSupport.district(api, admin, city, "思明区总工会");
        String otherUnion = ImportSupport.grassroots(api, admin, elsewhere, "厦门邻区有限公司工会")[0];
        clerk = MemberSupport.account(api, admin, "huli.clerk", "UNION_OPERATOR", union);
        reviewer = MemberSupport.account(api, admin, "huli.reviewer", "DISTRICT_REVIEWER", district);
        revealer = MemberSupport.account(api, admin, "huli.tester", "UNION_OPERATOR", union);
        prober = MemberSupport.account(api, admin, "siming.prober", "UNION_OPERATOR", otherUnion);
        dpo = MemberSupport.account(api, admin, "city.dpo", "DPO", city);
        auditor = MemberSupport.account(api, admin, "city.auditor", "AUDITOR", city);
        for (int i = 0; i < PEOPLE; i++) {
            String stems = "甲乙丙丁戊己庚辛壬癸";
            people.add(MemberData.form("审计" + stems.charAt(i / 10) + stems.charAt(i % 10), ResidentIds.fresh(),
                    "1375921" + String.format("%04d", i)));
        }
        ImportSupport.importAndWait(api, "/api/unions/" + union + "/member-imports", clerk, "会员.xlsx",
                MemberWorkbooks.bytes(PEOPLE, people::get));
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode m : MemberSupport.items(api.get("/api/unions/" + union + "/members?size=100", clerk))) {
            byName.put(m.path("name").asText(), m.path("id").asText());
        }
        people.forEach(p -> ids.add(byName.get(p.name)));
        assertThat(ids).doesNotContainNull().hasSize(PEOPLE);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    @Order(1)
    void the_dpo_sees_who_revealed_one_members_id_number_and_why() {
        String star = ids.get(0);
        Response reveal = api.get("/api/members/" + star + "?reveal=true&purpose=" + enc(PURPOSE), clerk);
        assertThat(reveal.status()).as("%s", reveal).isEqualTo(200);
        assertThat(reveal.json().path("details").path("idNumber").asText()).isEqualTo(people.get(0).idNumber);

        List<JsonNode> revealed = new ArrayList<>();
        assertThat(eventually(20_000, () -> {
            revealed.clear();
            revealed.addAll(items(api.get("/api/audit/access-log?memberId=" + star + "&revealedOnly=true", dpo)));
            return !revealed.isEmpty();
        })).as("the reveal reaches the access log").isTrue();
        assertThat(revealed).hasSize(1);
        JsonNode read = revealed.get(0);
        assertThat(read.path("actor").asText()).isEqualTo("huli.clerk");
        assertThat(read.path("purpose").asText()).isEqualTo(PURPOSE);
        assertThat(read.path("revealed").asBoolean()).isTrue();
        assertThat(texts(read.path("fields"))).contains("idNumber");
        assertThat(read.path("memberId").asText()).isEqualTo(star);

        // Without the filter the masked list read of the import shows too, and the reveal is the newest.
        List<JsonNode> all = items(api.get("/api/audit/access-log?memberId=" + star, dpo));
        assertThat(all.size()).isGreaterThan(1);
        assertThat(all.get(0).path("accessId").asText()).isEqualTo(read.path("accessId").asText());
        assertThat(all).allSatisfy(i -> assertThat(i.path("memberId").asText()).isEqualTo(star));
        // Nobody else reads the access log.
        assertThat(api.get("/api/audit/access-log?memberId=" + star, clerk).status()).isEqualTo(403);
    }

    @Test
    @Order(2)
    void a_test_account_revealing_sixty_members_within_a_minute_raises_one_alert_that_names_no_member() {
        for (int i = 1; i <= 60; i++) {
            Response r = api.get("/api/members/" + ids.get(i) + "?reveal=true&purpose=" + enc("批量核对测试"), revealer);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
        }
        JsonNode alert = awaitAlert("MASS_REVEAL", "huli.tester");
        assertThat(alert.path("count").asInt()).isGreaterThan(50);
        assertThat(alert.path("threshold").asInt()).isEqualTo(50);
        assertThat(alert.path("evidence").size()).isGreaterThan(50);
        String text = alert.toString();
        for (MemberData.Form p : people) {
            assertThat(text).doesNotContain(p.name).doesNotContain(p.idNumber);
        }
        long massReveals = StreamSupport.stream(alerts("open").spliterator(), false)
                .filter(a -> a.path("rule").asText().equals("MASS_REVEAL")).count();
        assertThat(massReveals).as("one alert for the one burst").isEqualTo(1);
    }

    @Test
    @Order(3)
    void someone_probing_unions_outside_their_scope_is_refused_recorded_and_alerted() {
        for (int i = 0; i < 10; i++) {
            Response probe = api.get("/api/members/" + ids.get(i), prober);
            assertThat(probe.status()).as("%s", probe).isEqualTo(404);
        }
        assertThat(api.get("/api/unions/" + union, prober).status()).isEqualTo(404);
        JsonNode alert = awaitAlert("REPEATED_DENIALS", "siming.prober");
        assertThat(alert.path("count").asInt()).isGreaterThanOrEqualTo(10);

        // The alert may be raised at the 10th denial, before the 11th is projected.
        assertThat(Eventually.eventually(10_000, () -> api.get("/api/audit/actors/siming.prober/activity", dpo)
                .json().path("denials").size() >= 11)).isTrue();
        Response activity = api.get("/api/audit/actors/siming.prober/activity", dpo);
        assertThat(activity.status()).as("%s", activity).isEqualTo(200);
        List<JsonNode> denials = StreamSupport.stream(activity.json().path("denials").spliterator(), false).toList();
        assertThat(denials).hasSizeGreaterThanOrEqualTo(11)
                .allSatisfy(d -> assertThat(d.path("kind").asText()).isEqualTo("OUT_OF_SCOPE"));
        // The path template, never the probed ids.
        for (JsonNode d : denials) {
            for (String id : ids) {
                assertThat(d.toString()).doesNotContain(id);
            }
        }
    }

    @Test
    @Order(4)
    void the_dpo_acknowledges_both_alerts_once() {
        for (String rule : List.of("MASS_REVEAL", "REPEATED_DENIALS")) {
            String actor = rule.equals("MASS_REVEAL") ? "huli.tester" : "siming.prober";
            String id = awaitAlert(rule, actor).path("alertId").asText();
            Response ack = api.post("/api/audit/alerts/" + id + "/acknowledgement", dpo,
                    Map.of("note", "已核实：测试账号，已与单位确认"));
            assertThat(ack.status()).as("%s", ack).isEqualTo(200);
            assertThat(ack.json().path("state").asText()).isEqualTo("acknowledged");
            assertThat(ack.json().path("acknowledgedBy").asText()).isEqualTo("city.dpo");
            assertThat(api.post("/api/audit/alerts/" + id + "/acknowledgement", dpo, Map.of("note", "再次确认"))
                    .status()).isEqualTo(409);
            assertThat(ids(alerts("open"))).doesNotContain(id);
            assertThat(ids(alerts("acknowledged"))).contains(id);
        }
    }

    @Test
    @Order(5)
    void the_dpo_exports_one_members_access_report_naming_every_change_and_read() throws Exception {
        String star = ids.get(0);
        Response report = api.get("/api/audit/members/" + star + "/access-report", dpo);
        assertThat(report.status()).as("%s", report).isEqualTo(200);
        assertThat(report.json().path("erased").asBoolean()).isFalse();
        assertThat(report.json().path("changes").size()).isGreaterThan(0);
        assertThat(report.json().path("changes").get(0).path("actor").asText()).isEqualTo("huli.clerk");
        List<JsonNode> reads = StreamSupport.stream(report.json().path("reads").spliterator(), false).toList();
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("actor").asText()).isEqualTo("huli.clerk");
            assertThat(r.path("purpose").asText()).isEqualTo(PURPOSE);
            assertThat(r.path("revealed").asBoolean()).isTrue();
        });
        assertThat(report.body()).doesNotContain(people.get(0).name).doesNotContain(people.get(0).idNumber);

        HttpResponse<byte[]> sheet = api.download("/api/audit/members/" + star + "/access-report.xlsx", dpo);
        assertThat(sheet.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(sheet.body()))) {
            assertThat(book.getNumberOfSheets()).isGreaterThanOrEqualTo(2);
            String all = text(book.getSheetAt(0)) + text(book.getSheetAt(1));
            assertThat(all).contains("huli.clerk").contains(PURPOSE).contains(star)
                    .doesNotContain(people.get(0).idNumber);
        }
        assertThat(api.get("/api/audit/members/" + star + "/access-report", auditor).status()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void an_auditor_pulls_the_whole_stream_page_by_page_and_verifies_it_offline() throws Exception {
        Response checkpoint = api.post("/api/audit/checkpoints", auditor, Map.of());
        assertThat(checkpoint.status()).as("%s", checkpoint).isIn(200, 201);
        long signedAt = checkpoint.json().path("position").asLong();

        List<Long> positions = new ArrayList<>();
        long after = 0;
        boolean more = true;
        while (more) {
            Response page = api.get("/api/audit/events?afterPosition=" + after + "&limit=100", auditor);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            for (JsonNode e : page.json().path("items")) {
                positions.add(e.path("position").asLong());
            }
            more = page.json().path("hasMore").asBoolean();
            after = page.json().path("nextAfterPosition").asLong(after);
        }
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        List<Long> stored = registry.jdbc().queryForList(
                "select global_index from domain_event_entry where global_index <= ? order by global_index", Long.class,
                positions.get(positions.size() - 1));
        assertThat(positions).isEqualTo(stored);
        // Masked by default: the stream names no member in clear.
        Response first = api.get("/api/audit/events?afterPosition=0&limit=1000", auditor);
        assertThat(first.body()).doesNotContain(people.get(0).idNumber);

        Path dir = Files.createTempDirectory("stream");
        Path ndjson = dir.resolve("events.ndjson");
        long cursor = 0;
        try (var out = Files.newOutputStream(ndjson)) {
            while (true) {
                HttpResponse<byte[]> page = api.download("/api/audit/events?afterPosition=" + cursor + "&limit=500",
                        auditor, "Accept", "application/x-ndjson");
                assertThat(page.statusCode()).isEqualTo(200);
                long last = cursor;
                for (String line : new String(page.body(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isBlank()) {
                        last = Math.max(last, Api.JSON.readTree(line).path("globalIndex").asLong(last));
                    }
                }
                out.write(page.body());
                if (last == cursor) {
                    break;
                }
                cursor = last;
            }
        }
        assertThat(cursor).isGreaterThanOrEqualTo(signedAt);
        Files.writeString(dir.resolve("digest.json"), api.get("/api/audit/digest", auditor).body());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int code = OfflineVerifier.run(ndjson, dir.resolve("digest.json"), new PrintStream(printed, true,
                StandardCharsets.UTF_8));
        assertThat(code).as(printed.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8)).startsWith("INTACT");
        RunningRegistry.deleteQuietly(dir);
    }

    @Test
    @Order(7)
    void an_auditor_reads_a_batch_as_it_stood_at_earlier_instants() throws Exception {
        for (int i = 0; i < 3; i++) {
            Response r = api.post("/api/members/" + ids.get(i) + "/authorisation", clerk,
                    Map.of("receivedOn", Today.inXiamen().minusDays(1).toString()));
            assertThat(r.status()).as("%s", r).isEqualTo(204);
        }
        Instant before = Instant.now();
        Thread.sleep(20);
        Response submitted = api.post("/api/unions/" + union + "/batches", clerk, Map.of("allPending", true));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String batch = submitted.json().path("batchId").asText();
        String whenSubmitted = api.get("/api/batches/" + batch, clerk).json().path("batch").path("status").asText();
        Thread.sleep(20);
        Instant afterSubmission = Instant.now();
        Thread.sleep(20);
        Response approved = api.post("/api/batches/" + batch + "/approval", reviewer, Map.of());
        assertThat(approved.status()).as("%s", approved).isIn(200, 204);
        String whenApproved = api.get("/api/batches/" + batch, clerk).json().path("batch").path("status").asText();
        Thread.sleep(20);
        Instant afterApproval = Instant.now();

        String path = "/api/audit/batch/" + batch + "/state?asOf=";
        assertThat(api.get(path + before, auditor).status()).isEqualTo(404);
        Instant yesterdayNoon = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1).atTime(LocalTime.NOON)
                .atZone(ZoneId.of("Asia/Shanghai")).toInstant();
        assertThat(api.get(path + yesterdayNoon, auditor).status()).as("it did not exist yesterday").isEqualTo(404);
        Response then = api.get(path + afterSubmission, auditor);
        assertThat(then.status()).as("%s", then).isEqualTo(200);
        assertThat(then.json().path("state").path("status").asText()).isEqualTo(whenSubmitted);
        Response later = api.get(path + afterApproval, auditor);
        assertThat(later.status()).as("%s", later).isEqualTo(200);
        assertThat(later.json().path("state").path("status").asText()).isEqualTo(whenApproved)
                .isNotEqualTo(whenSubmitted);
        assertThat(api.get(path + afterApproval, clerk).status()).isEqualTo(403);
    }

    @Test
    @Order(8)
    void the_city_admin_replays_the_member_directory_while_a_clerk_keeps_listing_members() throws Exception {
        String list = "/api/unions/" + union + "/members?size=100";
        List<String> before = MemberSupport.items(api.get(list, clerk)).stream().map(JsonNode::toString).toList();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean replaying = new AtomicBoolean(true);
        int[] reads = {0};
        Thread lister = new Thread(() -> {
            while (replaying.get()) {
                Response page = api.get(list, clerk);
                reads[0]++;
                if (page.status() != 200 || page.json().path("items").size() != PEOPLE) {
                    failures.add(page.status() + " " + page.json().path("items").size());
                }
            }
        });
        lister.start();
        try {
            Response started = api.post("/api/admin/projections/members/replay", admin, Map.of());
            assertThat(started.status()).as("%s", started).isEqualTo(202);
            assertThat(eventually(120_000, () -> {
                Response all = api.get("/api/admin/projections", admin);
                return StreamSupport.stream(all.json().spliterator(), false)
                        .anyMatch(p -> p.path("name").asText().equals("members")
                                && !p.path("replay").path("finishedAt").isMissingNode()
                                && !p.path("replay").path("finishedAt").isNull());
            })).as("the replay finishes").isTrue();
        } finally {
            replaying.set(false);
            lister.join();
        }
        assertThat(failures).as("every list during the replay is whole").isEmpty();
        assertThat(reads[0]).isGreaterThan(0);
        List<String> after = MemberSupport.items(api.get(list, clerk)).stream().map(JsonNode::toString).toList();
        assertThat(new TreeSet<>(after)).isEqualTo(new TreeSet<>(before));
        assertThat(api.post("/api/admin/projections/members/replay", clerk, Map.of()).status()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- helpers

    private JsonNode awaitAlert(String rule, String actor) {
        JsonNode[] found = new JsonNode[1];
        boolean raised = eventually(30_000, () -> {
            for (JsonNode a : alerts("all")) {
                if (a.path("rule").asText().equals(rule) && a.path("actor").asText().equals(actor)) {
                    found[0] = a;
                    return true;
                }
            }
            return false;
        });
        assertThat(raised).as("a %s alert for %s", rule, actor).isTrue();
        return found[0];
    }

    private JsonNode alerts(String state) {
        Response r = api.get("/api/audit/alerts?state=" + state, dpo);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json().path("items");
    }

    private static Set<String> ids(JsonNode alerts) {
        Set<String> ids = new TreeSet<>();
        alerts.forEach(a -> ids.add(a.path("alertId").asText()));
        return ids;
    }

    private static List<JsonNode> items(Response page) {
        return MemberSupport.items(page);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static String text(Sheet sheet) {
        DataFormatter f = new DataFormatter();
        StringBuilder b = new StringBuilder();
        for (Row row : sheet) {
            row.forEach(c -> b.append(f.formatCellValue(c)).append('\t'));
            b.append('\n');
        }
        return b.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
