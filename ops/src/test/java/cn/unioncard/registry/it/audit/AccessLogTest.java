package cn.unioncard.registry.it.audit;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log over HTTP on the real registry: six reads this test makes (three readers, two members in
 * two unions, masked and revealed, before and after a mark) come back newest first, each filter narrowing
 * them to exactly the reads it should, pages disjoint and complete; the sheet says what the JSON says and
 * its own read is recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessLogTest {

    /** What one read made here should look like in the log. */
    record Read(String actor, String memberId, boolean revealed) {
    }

    private static final String PURPOSE = "核对会员资料以便办理工会卡";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String district;
    private String unionA;
    private String unionB;
    private String operatorA;
    private String operatorAName;
    private String operatorB;
    private String operatorBName;
    private String reviewer;
    private String dpo;
    private String auditor;
    private String memberA;
    private String memberB;
    private Instant start;
    private Instant mark;
    private Instant end;
    /** The reads made here, oldest first. */
    private final List<Read> reads = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        district = ImportSupport.district(api, admin, city, "思明区总工会");
        String[] a = grassroots("思明审计甲公司工会");
        unionA = a[0];
        operatorA = a[1];
        operatorAName = a[2];
        String[] b = grassroots("思明审计乙公司工会");
        unionB = b[0];
        operatorB = b[1];
        operatorBName = b[2];
        reviewer = MemberSupport.account(api, admin, "siming.reviewer", "DISTRICT_REVIEWER", district);
        dpo = MemberSupport.account(api, admin, "city.dpo", "DPO", city);
        auditor = MemberSupport.account(api, admin, "city.auditor", "AUDITOR", city);
        memberA = member(unionA, operatorA, "林审计");
        memberB = member(unionB, operatorB, "黄审计");

        start = pause();
        read(operatorA, operatorAName, memberA, false);
        read(operatorA, operatorAName, memberA, true);
        read(reviewer, "siming.reviewer", memberA, false);
        read(reviewer, "siming.reviewer", memberB, true);
        mark = pause();
        read(operatorB, operatorBName, memberB, false);
        read(admin, ADMIN, memberA, true);
        end = pause();
        assertThat(eventually(20_000, () -> log(window()).path("total").asLong() == reads.size()))
                .as("the access log indexed the reads").isTrue();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void the_whole_window_lists_every_read_newest_first() {
        assertThat(found(log(window()))).containsExactlyElementsOf(expected(r -> true));
        List<Instant> times = log(window()).path("items").findValues("accessedAt").stream()
                .map(n -> Instant.parse(n.asText())).toList();
        assertThat(times).isSortedAccordingTo((x, y) -> y.compareTo(x));
    }

    @Test
    void each_filter_narrows_to_exactly_the_reads_it_names() {
        assertThat(found(log(window() + "&memberId=" + memberA)))
                .containsExactlyElementsOf(expected(r -> r.memberId().equals(memberA)));
        assertThat(found(log(window() + "&actor=siming.reviewer")))
                .containsExactlyElementsOf(expected(r -> r.actor().equals("siming.reviewer")));
        assertThat(found(log(window() + "&revealedOnly=true")))
                .containsExactlyElementsOf(expected(Read::revealed));
        // The union filter is the member's current union's subtree: unionB holds memberB only, the district both.
        assertThat(found(log(window() + "&unionId=" + unionB)))
                .containsExactlyElementsOf(expected(r -> r.memberId().equals(memberB)));
        assertThat(found(log(window() + "&unionId=" + district))).containsExactlyElementsOf(expected(r -> true));
        assertThat(found(log(window() + "&memberId=" + memberA + "&revealedOnly=true")))
                .containsExactlyElementsOf(expected(r -> r.memberId().equals(memberA) && r.revealed()));
        assertThat(found(log(window() + "&actor=" + operatorBName + "&memberId=" + memberA))).isEmpty();
    }

    @Test
    void from_and_to_take_instants_and_shanghai_days() {
        List<Read> before = reads.subList(0, 4);
        List<Read> after = reads.subList(4, reads.size());
        assertThat(found(log("from=" + enc(mark) + "&to=" + enc(end)))).containsExactlyElementsOf(reversed(after));
        assertThat(found(log("from=" + enc(start) + "&to=" + enc(mark)))).containsExactlyElementsOf(reversed(before));
        // The days the reads were made on, from their instants: a run across Shanghai's midnight still agrees.
        LocalDate first = start.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
        LocalDate last = end.atZone(ZoneId.of("Asia/Shanghai")).toLocalDate();
        assertThat(found(log("from=" + first + "&to=" + last + "&size=500"))).containsAll(expected(r -> true));
        assertThat(log("to=" + first.minusDays(1)).path("total").asLong()).isZero();
        assertThat(log("from=" + last.plusDays(1)).path("total").asLong()).isZero();
    }

    @Test
    void pages_are_disjoint_complete_and_newest_first() {
        Set<String> keys = new HashSet<>();
        List<Read> all = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode answer = log(window() + "&size=2&page=" + page);
            assertThat(answer.path("total").asLong()).isEqualTo(reads.size());
            assertThat(answer.path("page").asInt()).isEqualTo(page);
            assertThat(answer.path("size").asInt()).isEqualTo(2);
            assertThat(answer.path("items")).hasSize(2);
            answer.path("items").forEach(i -> assertThat(keys.add(i.path("accessId").asText() + "/"
                    + i.path("memberId").asText())).as("seen once").isTrue());
            all.addAll(found(answer));
        }
        assertThat(all).containsExactlyElementsOf(expected(r -> true));
        assertThat(log(window() + "&size=2&page=3").path("items")).isEmpty();
        JsonNode first = log(window() + "&size=1").path("items").get(0);
        assertThat(first.path("purpose").asText()).isEqualTo(PURPOSE);
        assertThat(first.path("endpoint").asText()).startsWith("GET /api/members/{id}");
        assertThat(first.path("role").asText()).isEqualTo("CITY_ADMIN");
        assertThat(first.path("fields").isArray()).isTrue();
        assertThat(first.path("requestId").asText()).isNotBlank();
        assertThat(first.path("accessedAt").asText()).endsWith("Z");
    }

    @Test
    void bad_parameters_are_refused_naming_them() {
        assertRefused("page=-1", "page");
        assertRefused("size=0", "size");
        assertRefused("size=501", "size");
        assertRefused("from=2026-13-01", "from");
        assertRefused("to=yesterday", "to");
        assertRefused("from=" + enc(end) + "&to=" + enc(start), "to");
        assertRefused("revealedOnly=maybe", "revealedOnly");
        Response en = api.get("/api/audit/access-log?from=soon", dpo, "Accept-Language", "en");
        assertThat(en.status()).isEqualTo(400);
        assertThat(en.body()).contains("from must be a date");
        assertThat(api.get("/api/audit/access-log?unionId=no-such-union", dpo).status()).isEqualTo(404);
        assertThat(api.get("/api/audit/access-log.xlsx?from=2026-13-01", dpo).status()).isEqualTo(400);
    }

    @Test
    void only_the_dpo_and_the_auditor_read_the_log() {
        assertThat(api.get("/api/audit/access-log?" + window(), auditor).status()).isEqualTo(200);
        for (String other : List.of(admin, reviewer, operatorA)) {
            assertThat(api.get("/api/audit/access-log?" + window(), other).status()).isEqualTo(403);
            assertThat(api.get("/api/audit/access-log.xlsx?" + window(), other).status()).isEqualTo(403);
        }
        assertThat(api.get("/api/audit/access-log", null).status()).isEqualTo(401);
    }

    @Test
    void the_sheet_says_what_the_json_says_and_its_own_read_is_recorded() throws Exception {
        JsonNode json = log(window() + "&size=500");
        HttpResponse<byte[]> download = api.download("/api/audit/access-log.xlsx?" + window(), auditor);
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        List<List<String>> rows = new ArrayList<>();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(download.body()))) {
            Sheet sheet = book.getSheet("访问记录");
            assertThat(sheet).isNotNull();
            DataFormatter f = new DataFormatter();
            assertThat(f.formatCellValue(sheet.getRow(1).getCell(0))).startsWith("筛选条件").contains(start.toString());
            assertThat(f.formatCellValue(sheet.getRow(2).getCell(0))).isEqualTo("查阅时间");
            for (int r = 3; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < 12; c++) {
                    cells.add(f.formatCellValue(row.getCell(c)));
                }
                rows.add(cells);
            }
        }
        List<List<String>> expected = new ArrayList<>();
        for (JsonNode i : json.path("items")) {
            List<String> fields = new ArrayList<>();
            i.path("fields").forEach(x -> fields.add(x.asText()));
            expected.add(List.of(i.path("accessedAt").asText(), i.path("accessId").asText(),
                    i.path("memberId").asText(), i.path("actor").asText(), i.path("role").asText(),
                    i.path("organisation").asText(), String.join(",", fields),
                    i.path("revealed").asBoolean() ? "是" : "否", i.path("purpose").asText(""),
                    i.path("endpoint").asText(), i.path("clientAddress").asText(""), i.path("requestId").asText("")));
        }
        assertThat(rows).hasSize(reads.size()).containsExactlyElementsOf(expected);

        // The sheet named both members: its read is in the log, by the auditor, not revealed.
        assertThat(eventually(20_000, () -> log("actor=city.auditor&size=500").path("total").asLong() >= 2))
                .isTrue();
        List<JsonNode> own = new ArrayList<>();
        log("actor=city.auditor&size=500").path("items").forEach(own::add);
        assertThat(own).extracting(i -> i.path("endpoint").asText()).containsOnly("GET /api/audit/access-log.xlsx");
        assertThat(own).extracting(i -> i.path("memberId").asText()).containsExactlyInAnyOrder(memberA, memberB);
        assertThat(own).allSatisfy(i -> {
            assertThat(i.path("revealed").asBoolean()).isFalse();
            assertThat(i.path("fields").get(0).asText()).isEqualTo("accessLog");
        });
    }

    // ------------------------------------------------------------------ helpers

    private String[] grassroots(String name) {
        Response g = api.post("/api/unions", admin, cn.unioncard.registry.it.Forms.minimalGrassroots(district, name));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        String code = g.json().path("systemCode").asText();
        String token = api.loginAndChangePassword(code, g.json().path("oneTimePassword").asText(), "Operator-Pass-" + code);
        return new String[]{g.json().path("unionId").asText(), token, code};
    }

    private String member(String union, String operator, String name) {
        Response r = api.post("/api/unions/" + union + "/members", operator,
                MemberData.form(name, ResidentIds.fresh(), "1385920" + String.format("%04d", reads.size() + name.length())).json());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("memberId").asText();
    }

    private void read(String token, String username, String member, boolean reveal) throws InterruptedException {
        Response r = api.get("/api/members/" + member + (reveal ? "?reveal=true&purpose=" + enc(PURPOSE) : ""), token);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        reads.add(new Read(username, member, reveal));
        Thread.sleep(5);
    }

    private static Instant pause() throws InterruptedException {
        Thread.sleep(5);
        Instant now = Instant.now();
        Thread.sleep(5);
        return now;
    }

    private String window() {
        return "from=" + enc(start) + "&to=" + enc(end);
    }

    private JsonNode log(String query) {
        Response r = api.get("/api/audit/access-log?" + query, dpo);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static List<Read> found(JsonNode page) {
        List<Read> out = new ArrayList<>();
        page.path("items").forEach(i -> out.add(new Read(i.path("actor").asText(), i.path("memberId").asText(),
                i.path("revealed").asBoolean())));
        return out;
    }

    private List<Read> expected(java.util.function.Predicate<Read> filter) {
        return reversed(reads.stream().filter(filter).toList());
    }

    private static List<Read> reversed(List<Read> list) {
        List<Read> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    private void assertRefused(String query, String field) {
        Response r = api.get("/api/audit/access-log?" + query, dpo);
        assertThat(r.status()).as("%s: %s", query, r).isEqualTo(400);
        assertThat(MemberSupport.errorFor(r.json(), field)).as("%s names %s: %s", query, field, r).isNotNull();
    }

    private static String enc(Object value) {
        return URLEncoder.encode(value.toString(), StandardCharsets.UTF_8);
    }
}
