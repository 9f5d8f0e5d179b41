package cn.unioncard.registry.it.batch;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.text.Collator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The card application list and the 委托书 downloaded over HTTP from the running registry: who may
 * download them, and that every download of the list is a recorded read revealing every member on it
 * with the purpose 办卡. The members are registered through the API; the batch rows are written with
 * SQL as the batch projection writes them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardApplicationListDownloadTest {

    static final String LIST = "/api/batches/%s/card-application-list.xlsx";
    static final String AUTHORISATION = "/api/batches/%s/card-application-authorisation.xlsx";
    static final String HASH = "5be0c1d2e3f4a5b6c7d8e9f0" + "1".repeat(40);
    /** Enough for two printed pages. */
    static final int MEMBERS = 70;

    RunningRegistry registry;
    Api api;
    String admin;
    String operator;
    String reviewer;
    String otherOperator;
    String otherReviewer;
    String bank;
    String auditor;
    String unionId;
    /** Member id → name, in registration order. */
    final Map<String, String> members = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = created(api.post("/api/unions", admin, Forms.district(city, "思明区总工会")));
        String otherDistrict = created(api.post("/api/unions", admin, Forms.district(city, "湖里区总工会")));
        Response union = api.post("/api/unions", admin, Forms.minimalGrassroots(district, "厦门鹭江数据服务有限公司工会"));
        unionId = union.json().path("unionId").asText();
        operator = operatorOf(union);
        otherOperator = operatorOf(api.post("/api/unions", admin, Forms.minimalGrassroots(otherDistrict, "湖里某公司工会")));
        reviewer = MemberSupport.account(api, admin, "list.reviewer", "DISTRICT_REVIEWER", district);
        otherReviewer = MemberSupport.account(api, admin, "list.other", "DISTRICT_REVIEWER", otherDistrict);
        bank = MemberSupport.account(api, admin, "list.bank", "BANK_OPERATOR", city);
        auditor = MemberSupport.account(api, admin, "list.auditor", "AUDITOR", city);
        for (int n = 0; n < MEMBERS; n++) {
            MemberData.Form form = MemberData.numbered(3000 + n);
            Response r = api.post("/api/unions/" + unionId + "/members", operator, form.json());
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            members.put(r.json().path("memberId").asText(), form.name);
        }
        String path = registry.jdbc().queryForObject("select path from union_view where id = ?", String.class, unionId);
        batch("b-approved", "APPROVED", path, district);
        batch("b-open", "SUBMITTED", path, null);
        List<String> ids = new ArrayList<>(members.keySet());
        for (int i = 0; i < ids.size(); i++) {
            // Every fifth applies for a debit-credit card; the last two were returned and erased.
            String state = i == ids.size() - 1 ? "ERASED" : i == ids.size() - 2 ? "RETURNED" : "APPROVED";
            registry.jdbc().update("""
                    insert into batch_member_view (batch_id, member_id, submitted_version, debit_credit, state)
                    values ('b-approved', ?, 0, ?, ?)""", ids.get(i), i % 5 == 0, state);
            registry.jdbc().update("""
                    insert into batch_member_view (batch_id, member_id, submitted_version, debit_credit, state)
                    values ('b-open', ?, 0, false, 'SUBMITTED')""", ids.get(i));
        }
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void the_operator_downloads_the_list_with_every_approved_member_in_collation_order() throws IOException {
        HttpResponse<byte[]> r = api.download(LIST.formatted("b-approved"), operator);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment;")
                .contains("filename=\"card-application-list-b-approved.xlsx\"")
                .contains("filename*=UTF-8''" + URLEncoder.encode("批量办理借记卡明细清单-b-approved.xlsx",
                        StandardCharsets.UTF_8));
        List<String> expected = approvedIds().stream().map(members::get)
                .sorted(Collator.getInstance(Locale.CHINA)).toList();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            List<String> names = new ArrayList<>();
            for (int row = 4; row < 4 + expected.size(); row++) {
                names.add(sheet.getRow(row).getCell(1).getStringCellValue());
                assertThat(sheet.getRow(row).getCell(0).getStringCellValue()).isEqualTo(Integer.toString(row - 3));
            }
            assertThat(names).isEqualTo(expected);
            assertThat(text(sheet)).doesNotContain(members.get(lastId(1))).doesNotContain(members.get(lastId(2)));
            assertThat(sheet.getOddFooter().getCenter()).isEqualTo("第 &P 页 共 &N 页 · 批次 b-approved · 5be0c1d2e3f4");
        }
        keepSample("card-application-list.xlsx", r.body());
    }

    @Test
    void each_download_is_a_recorded_read_revealing_every_member_on_it_for_the_purpose_of_applying_for_cards() {
        long before = lastEvent();
        assertThat(api.download(LIST.formatted("b-approved"), operator).statusCode()).isEqualTo(200);
        List<JsonNode> first = accessesAfter(before);
        assertThat(first).hasSize(1);
        JsonNode access = first.get(0);
        assertThat(texts(access.path("memberIds"))).containsExactlyInAnyOrderElementsOf(approvedIds());
        assertThat(access.path("purpose").asText()).isEqualTo("办卡");
        assertThat(access.path("revealed").asBoolean()).isTrue();
        assertThat(access.path("endpoint").asText()).isEqualTo("GET /api/batches/{id}/card-application-list.xlsx");
        assertThat(texts(access.path("fields"))).contains("name", "idNumber", "mobile", "contactAddress");

        long between = lastEvent();
        assertThat(api.download(LIST.formatted("b-approved"), reviewer).statusCode()).isEqualTo(200);
        assertThat(accessesAfter(between)).as("a second download is recorded again").hasSize(1);
        assertThat(api.download(LIST.formatted("b-approved"), admin).statusCode()).isEqualTo(200);
        assertThat(accessesAfter(before)).hasSize(3);
    }

    @Test
    void a_batch_not_yet_approved_has_no_list_and_nothing_is_recorded() {
        long before = lastEvent();
        Response r = get(LIST.formatted("b-open"), operator);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.problemType()).endsWith("conflict");
        assertThat(r.json().path("detail").asText()).contains("审核通过");
        assertThat(get(AUTHORISATION.formatted("b-open"), operator).status()).isEqualTo(409);
        assertThat(accessesAfter(before)).isEmpty();
    }

    @Test
    void outside_the_viewers_subtree_the_batch_does_not_exist() {
        assertThat(get(LIST.formatted("b-approved"), otherOperator).status()).isEqualTo(404);
        assertThat(get(LIST.formatted("b-approved"), otherReviewer).status()).isEqualTo(404);
        assertThat(get(LIST.formatted("b-nowhere"), admin).status()).isEqualTo(404);
        assertThat(get(AUTHORISATION.formatted("b-approved"), otherOperator).status()).isEqualTo(404);
    }

    @Test
    void the_bank_and_the_auditor_may_not_download_the_list() {
        long before = lastEvent();
        for (String token : List.of(bank, auditor)) {
            Response r = get(LIST.formatted("b-approved"), token);
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.problemType()).endsWith("forbidden");
            assertThat(get(AUTHORISATION.formatted("b-approved"), token).status()).isEqualTo(403);
        }
        assertThat(get(LIST.formatted("b-approved"), null).status()).isEqualTo(401);
        assertThat(accessesAfter(before)).isEmpty();
    }

    @Test
    void the_authorisation_names_the_union_batch_and_count_and_is_not_a_recorded_read() throws IOException {
        long before = lastEvent();
        HttpResponse<byte[]> r = api.download(AUTHORISATION.formatted("b-approved"), operator);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename=\"card-application-authorisation-b-approved.xlsx\"");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            String all = text(workbook.getSheetAt(0));
            assertThat(all).contains("批量办卡委托书").contains("厦门鹭江数据服务有限公司工会").contains("b-approved")
                    .contains(" " + (MEMBERS - 2) + " 名");
            members.values().forEach(name -> assertThat(all).doesNotContain(name));
        }
        keepSample("card-application-authorisation.xlsx", r.body());
        assertThat(accessesAfter(before)).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    List<String> approvedIds() {
        return new ArrayList<>(members.keySet()).subList(0, MEMBERS - 2);
    }

    /** The id of the {@code k}th member from the end (1: the erased one, 2: the returned one). */
    String lastId(int k) {
        return new ArrayList<>(members.keySet()).get(MEMBERS - k);
    }

    void batch(String id, String status, String path, String reviewerUnion) {
        registry.jdbc().update("""
                insert into batch_view (batch_id, union_id, union_path, status, member_count, approved_count,
                    debit_credit_count, erased_count, content_hash, submitted_at, submitted_by, on_behalf, reviewed_at,
                    reviewed_by, reviewer_union_id, version, updated_at)
                values (?, ?, ?, ?, ?, ?, 14, 1, ?, now(), 'operator', false, ?, 'list.reviewer', ?, 2, now())""",
                id, unionId, path, status, MEMBERS, reviewerUnion == null ? null : MEMBERS - 2, HASH,
                reviewerUnion == null ? null : Timestamp.from(Instant.parse("2026-12-01T02:00:00Z")), reviewerUnion);
    }

    Response get(String path, String token) {
        return api.get(path, token);
    }

    long lastEvent() {
        Long max = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    /** The payloads of the PersonalDataAccessed events stored after {@code globalIndex}. */
    List<JsonNode> accessesAfter(long globalIndex) {
        return registry.jdbc().queryForList("""
                select payload from domain_event_entry where payload_type like '%PersonalDataAccessed'
                and global_index > ? order by global_index""", byte[].class, globalIndex).stream().map(b -> {
                    try {
                        return Api.JSON.readTree(new String(b, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).toList();
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static String text(Sheet sheet) {
        StringBuilder all = new StringBuilder();
        DataFormatter format = new DataFormatter();
        sheet.forEach(row -> row.forEach(c -> all.append(format.formatCellValue(c)).append('\n')));
        return all.toString();
    }

    String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }

    String operatorOf(Response union) {
        assertThat(union.status()).as("%s", union).isEqualTo(201);
        String code = union.json().path("systemCode").asText();
        return api.loginAndChangePassword(code, union.json().path("oneTimePassword").asText(), "Operator-" + code);
    }

    /** With -Dregistry.sample-dir=…, the downloaded papers are kept there for a look (LibreOffice, a printer). */
    static void keepSample(String name, byte[] bytes) throws IOException {
        String dir = System.getProperty("registry.sample-dir");
        if (dir != null) {
            Files.write(Path.of(dir).resolve(name), bytes);
        }
    }
}
