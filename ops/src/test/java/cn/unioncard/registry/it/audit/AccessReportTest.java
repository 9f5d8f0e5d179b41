package cn.unioncard.registry.it.audit;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.CardNumbers;
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
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member's access report for one who was imported, corrected, authorised, batched (submitted, approved,
 * handed to the bank), issued a card, read by two people and erased: every change that names them in the
 * event store (found here by scanning the stored events) appears with its actor, every read with its
 * reader and purpose, and nothing of the erased data appears in the JSON or the workbook.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessReportTest {

    private static final String PURPOSE = "会员本人来电核对办卡进度";
    private static final String LEGAL_BASIS = "本人依《个人信息保护法》第四十七条申请删除（申请编号 2026-207）";
    private static final String CORRECTED_MOBILE = "18650099321";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String union;
    private String operator;
    private String operatorName;
    private String reviewer;
    private String bank;
    private String dpo;
    private String auditor;
    private String otherOperator;
    private final List<MemberData.Form> people = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private String subject;
    private String keeper;

    @BeforeAll
    void start() throws Exception {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = ImportSupport.district(api, admin, city, "翔安区总工会");
        String[] g = ImportSupport.grassroots(api, admin, district, "翔安报告测试有限公司工会");
        union = g[0];
        operator = g[1];
        operatorName = api.get("/api/unions/" + union, admin).json().path("systemCode").asText();
        otherOperator = ImportSupport.grassroots(api, admin, ImportSupport.district(api, admin, city, "同安区总工会"),
                "同安报告测试公司工会")[1];
        reviewer = MemberSupport.account(api, admin, "xiangan.reviewer", "DISTRICT_REVIEWER", district);
        bank = MemberSupport.account(api, admin, "icbc.xiangan", "BANK_OPERATOR", city);
        dpo = MemberSupport.account(api, admin, "report.dpo", "DPO", city);
        auditor = MemberSupport.account(api, admin, "report.auditor", "AUDITOR", city);
        people.add(MemberData.form("郑报告", ResidentIds.fresh(), "13759201111"));
        people.add(MemberData.form("谢保留", ResidentIds.fresh(), "13759202222"));

        ImportSupport.importAndWait(api, "/api/unions/" + union + "/member-imports", operator, "会员.xlsx",
                MemberWorkbooks.bytes(people.size(), people::get));
        Map<String, String> byName = new TreeMap<>();
        for (JsonNode m : MemberSupport.items(api.get("/api/unions/" + union + "/members?size=100", operator))) {
            byName.put(m.path("name").asText(), m.path("id").asText());
        }
        people.forEach(p -> ids.add(byName.get(p.name)));
        subject = ids.get(0);
        keeper = ids.get(1);
        Response corrected = MemberSupport.patch(api, "/api/members/" + subject, operator,
                Map.of("mobile", CORRECTED_MOBILE), "If-Match", "\"0\"");
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(204);
        for (String id : ids) {
            assertThat(api.post("/api/members/" + id + "/authorisation", operator,
                    Map.of("receivedOn", Today.inXiamen().minusDays(1).toString())).status()).isEqualTo(204);
        }
        Response submitted = api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", true));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String batch = submitted.json().path("batchId").asText();
        assertThat(api.post("/api/batches/" + batch + "/approval", reviewer, Map.of()).status()).isIn(200, 204);
        Response handover = api.post("/api/batches/" + batch + "/handover", operator, Map.of("branch", "工行翔安支行",
                "handedOverOn", Today.inXiamen().toString(), "carriedBy", "王经办"));
        assertThat(handover.status()).as("%s", handover).isEqualTo(200);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < people.size(); i++) {
            rows.add(Map.of("idNumber", people.get(i).idNumber, "name", people.get(i).name,
                    "cardNumber", cardNumber(i), "cardType", "1"));
        }
        Response issued = api.post("/api/batches/" + batch + "/card-issuance", bank, Map.of("branch", "工行翔安支行",
                "issuedOn", Today.inXiamen().toString(), "rows", rows));
        assertThat(issued.status()).as("%s", issued).isIn(200, 201);

        Response revealed = api.get("/api/members/" + subject + "?reveal=true&purpose=" + enc(PURPOSE), operator);
        assertThat(revealed.status()).as("%s", revealed).isEqualTo(200);
        assertThat(api.get("/api/members/" + subject, reviewer).status()).isEqualTo(200);
        Response erased = api.post("/api/members/" + subject + "/erasure", dpo, Map.of("legalBasis", LEGAL_BASIS));
        assertThat(erased.status()).as("%s", erased).isEqualTo(204);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void every_change_that_names_the_member_appears_once_with_its_actor() {
        Map<Long, String> expected = changesInTheStore(subject);
        eventually(20_000, () -> positions(report(subject)).keySet().equals(expected.keySet()));
        JsonNode report = report(subject);
        assertThat(positions(report)).as("the report's changes are those in the store: %s", report)
                .isEqualTo(expected);
        List<String> types = new ArrayList<>();
        report.path("changes").forEach(c -> types.add(c.path("type").asText()));
        assertThat(types).contains("MemberRegistered", "MemberInfoCorrected", "MemberAuthorisationRecorded",
                "BatchSubmitted", "BatchApproved", "BatchHandedToBank", "CardIssuanceRecorded", "CardIssued",
                "PersonalDataErased");
        assertThat(actorOf(report, "MemberInfoCorrected")).isEqualTo(operatorName);
        assertThat(actorOf(report, "BatchApproved")).isEqualTo("xiangan.reviewer");
        assertThat(actorOf(report, "CardIssued")).isEqualTo("icbc.xiangan");
        assertThat(actorOf(report, "PersonalDataErased")).isEqualTo("report.dpo");
        List<Long> order = new ArrayList<>();
        report.path("changes").forEach(c -> order.add(c.path("position").asLong()));
        assertThat(order).isSorted();
        JsonNode first = report.path("changes").get(0);
        assertThat(first.path("at").asText()).endsWith("Z");
        assertThat(first.path("requestId").asText()).isNotBlank();
        assertThat(first.path("label").asText()).isNotBlank();
        assertThat(report.path("erased").asBoolean()).isTrue();
        assertThat(report.path("memberId").asText()).isEqualTo(subject);
    }

    @Test
    void labels_follow_the_request_language() {
        Response en = api.get("/api/audit/members/" + subject + "/access-report", dpo, "Accept-Language", "en");
        assertThat(labelOf(en.json(), "MemberInfoCorrected")).isEqualTo("member details corrected");
        assertThat(labelOf(report(subject), "MemberInfoCorrected")).isEqualTo("更正会员信息");
    }

    @Test
    void every_read_appears_with_its_reader_and_purpose() {
        JsonNode report = report(subject);
        List<JsonNode> reads = new ArrayList<>();
        report.path("reads").forEach(reads::add);
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("actor").asText()).isEqualTo(operatorName);
            assertThat(r.path("revealed").asBoolean()).isTrue();
            assertThat(r.path("purpose").asText()).isEqualTo(PURPOSE);
            assertThat(r.path("endpoint").asText()).startsWith("GET /api/members/");
            assertThat(r.path("role").asText()).isEqualTo("UNION_OPERATOR");
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("actor").asText()).isEqualTo("xiangan.reviewer");
            assertThat(r.path("revealed").asBoolean()).isFalse();
        });
        List<String> times = new ArrayList<>();
        reads.forEach(r -> times.add(r.path("at").asText()));
        assertThat(times).isSorted();
    }

    @Test
    void the_report_read_itself_is_recorded() {
        report(subject);
        JsonNode next = report(subject);
        List<JsonNode> own = new ArrayList<>();
        next.path("reads").forEach(r -> {
            if (r.path("endpoint").asText().equals("GET /api/audit/members/{id}/access-report")) {
                own.add(r);
            }
        });
        assertThat(own).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("actor").asText()).isEqualTo("report.dpo");
            assertThat(r.path("fields").get(0).asText()).isEqualTo("accessReport");
            assertThat(r.path("revealed").asBoolean()).isFalse();
        });
    }

    @Test
    void nothing_of_the_erased_data_appears_in_the_json_or_the_workbook() throws Exception {
        List<String> secrets = List.of(people.get(0).name, people.get(0).idNumber, people.get(0).mobile,
                CORRECTED_MOBILE, cardNumber(0));
        Response json = api.get("/api/audit/members/" + subject + "/access-report", dpo);
        assertThat(json.status()).isEqualTo(200);
        assertThat(secrets).noneMatch(json.body()::contains);
        HttpResponse<byte[]> xlsx = api.download("/api/audit/members/" + subject + "/access-report.xlsx", dpo);
        assertThat(xlsx.statusCode()).isEqualTo(200);
        String unzipped = unzippedText(xlsx.body());
        assertThat(unzipped).contains(subject);
        assertThat(secrets).noneMatch(unzipped::contains);
        assertThat(secrets).noneMatch(new String(xlsx.body(), StandardCharsets.UTF_8)::contains);
    }

    @Test
    void the_workbook_lists_the_same_changes_and_reads_as_the_json() throws Exception {
        JsonNode json = report(subject);
        HttpResponse<byte[]> xlsx = api.download("/api/audit/members/" + subject + "/access-report.xlsx", dpo);
        DataFormatter f = new DataFormatter();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet changes = book.getSheet("处理记录");
            Sheet reads = book.getSheet("查阅记录");
            assertThat(changes).isNotNull();
            assertThat(reads).isNotNull();
            assertThat(f.formatCellValue(changes.getRow(0).getCell(0))).contains(subject).contains("生成时间");
            List<List<String>> changeRows = rows(changes, 13, f);
            List<List<String>> expected = new ArrayList<>();
            for (JsonNode c : json.path("changes")) {
                expected.add(List.of(c.path("position").asText(), c.path("at").asText(),
                        c.path("aggregateType").asText(), c.path("aggregateId").asText(), c.path("sequence").asText(),
                        c.path("type").asText(), c.path("label").asText(), c.path("actor").asText(""),
                        c.path("role").asText(""), c.path("organisation").asText(""),
                        c.path("clientAddress").asText(""), c.path("requestId").asText(""),
                        c.path("purpose").asText("")));
            }
            assertThat(changeRows).containsExactlyElementsOf(expected);
            // The workbook's reads are the JSON's and the JSON report's own read, which came after them.
            List<String> readIds = new ArrayList<>();
            rows(reads, 11, f).forEach(r -> readIds.add(r.get(0)));
            List<String> jsonIds = new ArrayList<>();
            json.path("reads").forEach(r -> jsonIds.add(r.path("accessId").asText()));
            assertThat(readIds).hasSize(jsonIds.size() + 1).startsWith(jsonIds.toArray(String[]::new));
        }
    }

    @Test
    void a_member_kept_is_reported_not_erased() {
        eventually(20_000, () -> positions(report(keeper)).keySet().equals(changesInTheStore(keeper).keySet()));
        JsonNode report = report(keeper);
        assertThat(positions(report)).as("%s", report).isEqualTo(changesInTheStore(keeper));
        assertThat(report.path("erased").asBoolean()).isFalse();
        List<String> types = new ArrayList<>();
        report.path("changes").forEach(c -> types.add(c.path("type").asText()));
        assertThat(types).contains("MemberRegistered", "BatchSubmitted", "CardIssued").doesNotContain("PersonalDataErased");
    }

    @Test
    void only_the_dpo_gets_a_report_and_an_unknown_member_is_not_found() {
        for (String other : List.of(admin, auditor, reviewer, operator, bank)) {
            assertThat(api.get("/api/audit/members/" + subject + "/access-report", other).status())
                    .isEqualTo(403);
            assertThat(api.download("/api/audit/members/" + subject + "/access-report.xlsx", other).statusCode())
                    .isEqualTo(403);
        }
        // Outside the caller's subtree the member does not exist.
        assertThat(api.get("/api/audit/members/" + subject + "/access-report", otherOperator).status())
                .isEqualTo(404);
        assertThat(api.get("/api/audit/members/no-such-member/access-report", dpo).status()).isEqualTo(404);
        assertThat(api.get("/api/audit/members/" + union + "/access-report", dpo).status()).isEqualTo(404);
        assertThat(api.download("/api/audit/members/no-such-member/access-report.xlsx", dpo).statusCode())
                .isEqualTo(404);
    }

    // ------------------------------------------------------------------ the oracle: the event store itself

    /**
     * The events that concern the member, by global position, with their actor: the member's own; every
     * other event whose stored payload names the member (ids are stored in clear), reads aside; and every
     * event of a batch that named them (approval and hand-over name the batch, not its members).
     */
    private Map<Long, String> changesInTheStore(String member) {
        Map<Long, String> out = new TreeMap<>();
        String pattern = "%\"" + member + "\"%";
        List<Map<String, Object>> named = registry.jdbc().queryForList("""
                select global_index, type, aggregate_identifier, meta_data from domain_event_entry
                where (aggregate_identifier = ? or convert_from(payload, 'UTF8') like ?)
                  and payload_type not like '%PersonalDataAccessed'""", member, pattern);
        List<String> batches = new ArrayList<>();
        for (Map<String, Object> e : named) {
            out.put(((Number) e.get("global_index")).longValue(), actor(e.get("meta_data")));
            if ("Batch".equals(e.get("type"))) {
                batches.add((String) e.get("aggregate_identifier"));
            }
        }
        // A batch's events about the whole batch name no member; one about another member is not theirs.
        for (String batch : batches) {
            registry.jdbc().queryForList("select global_index, meta_data from domain_event_entry "
                    + "where aggregate_identifier = ? and convert_from(payload, 'UTF8') not like '%\"memberId\"%'",
                    batch).forEach(e -> out.put(((Number) e.get("global_index")).longValue(), actor(e.get("meta_data"))));
        }
        return out;
    }

    private static String actor(Object metaData) {
        try {
            return Api.JSON.readTree((byte[]) metaData).path("actor.user").asText("");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<Long, String> positions(JsonNode report) {
        Map<Long, String> out = new TreeMap<>();
        report.path("changes").forEach(c -> out.put(c.path("position").asLong(), c.path("actor").asText("")));
        return out;
    }

    private JsonNode report(String member) {
        Response r = api.get("/api/audit/members/" + member + "/access-report", dpo);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    private static String actorOf(JsonNode report, String type) {
        for (JsonNode c : report.path("changes")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("actor").asText();
            }
        }
        throw new AssertionError("no " + type + " in the report");
    }

    private static String labelOf(JsonNode report, String type) {
        for (JsonNode c : report.path("changes")) {
            if (c.path("type").asText().equals(type)) {
                return c.path("label").asText();
            }
        }
        throw new AssertionError("no " + type + " in the report");
    }

    private static List<List<String>> rows(Sheet sheet, int columns, DataFormatter f) {
        List<List<String>> out = new ArrayList<>();
        for (int r = 3; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                cells.add(f.formatCellValue(row.getCell(c)));
            }
            out.add(cells);
        }
        return out;
    }

    /** Every entry of the workbook's zip, inflated and joined: what the scan for personal data reads. */
    private static String unzippedText(byte[] xlsx) throws java.io.IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        java.nio.file.Path file = java.nio.file.Files.createTempFile("report", ".xlsx");
        try {
            java.nio.file.Files.write(file, xlsx);
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                    zip.getInputStream(e).transferTo(all);
                }
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    /** A 19-digit number with the bank's prefix and a Luhn check digit computed by the test's own helper. */
    private static String cardNumber(int n) {
        return CardNumbers.numbered(520_000_000L, n);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
