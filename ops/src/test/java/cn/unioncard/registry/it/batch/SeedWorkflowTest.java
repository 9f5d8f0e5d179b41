package cn.unioncard.registry.it.batch;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps 3–5 of the seed's workflow end to end, on the real database: a union imports 30 members,
 * records their consent and reports them; the district returns two, the union corrects them and
 * reports again; both batches are approved and the card application list is printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SeedWorkflowTest {

    /** In pinyin order, one surname each: the order the bank expects is known without the code's collator. */
    private static final List<String> NAMES = List.of("安冬", "白雪", "蔡明", "陈刚", "邓华", "丁一", "范伟", "方圆",
            "高峰", "郭靖", "韩梅", "何平", "胡军", "黄蓉", "江涛", "金星", "孔亮", "李雷", "林静", "刘洋", "马超", "孟良",
            "潘越", "彭湃", "秦岚", "任重", "宋佳", "孙丽", "唐宁", "王芳");

    private RunningRegistry registry;
    private Api api;
    private String union;
    private String operator;
    private String reviewer;
    private final Map<String, MemberData.Form> people = new LinkedHashMap<>();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        String district = ImportSupport.district(api, admin, MemberSupport.cityId(api, admin), "思明区总工会");
        String[] g = ImportSupport.grassroots(api, admin, district, "厦门批次测试有限公司工会");
        union = g[0];
        operator = g[1];
        reviewer = MemberSupport.account(api, admin, "siming.reviewer", "DISTRICT_REVIEWER", district);
        for (int i = 0; i < NAMES.size(); i++) {
            MemberData.Form form = MemberData.form(NAMES.get(i), ResidentIds.fresh(),
                    "1385920" + String.format("%04d", i));
            if (i % 7 == 3) {
                form = form.with(f -> f.cardType = "2");
            }
            people.put(NAMES.get(i), form);
        }
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void thirty_members_go_through_submission_partial_return_correction_resubmission_approval_and_print()
            throws Exception {
        List<MemberData.Form> shuffled = new ArrayList<>(people.values());
        Collections.shuffle(shuffled, new Random(12));
        ImportSupport.importAndWait(api, "/api/unions/" + union + "/member-imports", operator, "会员.xlsx",
                MemberWorkbooks.bytes(shuffled.size(), shuffled::get));
        Map<String, String> ids = memberIdsByName();
        assertThat(ids).hasSize(30);

        // No consent recorded yet: "all pending" finds nobody to report.
        Response none = api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", true));
        assertThat(none.status()).as("%s", none).isEqualTo(400);
        for (String id : ids.values()) {
            Response r = api.post("/api/members/" + id + "/authorisation", operator,
                    Map.of("receivedOn", Today.inXiamen().minusDays(1).toString()));
            assertThat(r.status()).as("%s", r).isEqualTo(204);
        }

        Response first = api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", true));
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        String batch1 = first.json().path("batchId").asText();
        assertThat(first.json().path("count").asInt()).isEqualTo(30);
        assertThat(first.header("Location")).contains("/api/batches/" + batch1);

        // The reviewer sees it waiting, with counts and no personal data.
        Response waiting = api.get("/api/batches?status=SUBMITTED", reviewer);
        assertThat(waiting.status()).as("%s", waiting).isEqualTo(200);
        assertThat(waiting.body()).contains(batch1).doesNotContain("安冬", people.get("安冬").idNumber);

        // Two members are returned with reasons; the rest are approved.
        String returned1 = ids.get("陈刚");
        String returned2 = ids.get("孙丽");
        Response partly = api.post("/api/batches/" + batch1 + "/approval", reviewer, Map.of("excluded",
                Map.of(returned1, "手机号码与本人不符", returned2, "联系地址不完整")));
        assertThat(partly.status()).as("%s", partly).isIn(200, 204);
        // Nobody reviews a batch twice.
        Response again = api.post("/api/batches/" + batch1 + "/approval", reviewer, Map.of());
        assertThat(again.status()).as("%s", again).isEqualTo(409);

        // The union corrects the two and reports them again, naming the batch the new one replaces.
        for (String id : List.of(returned1, returned2)) {
            Response fixed = MemberSupport.patch(api, "/api/members/" + id, operator,
                    Map.of("contactAddress", "福建省厦门市思明区莲前西路 2 号"), "If-Match", "*");
            assertThat(fixed.status()).as("%s", fixed).isEqualTo(204);
        }
        Response second = api.post("/api/unions/" + union + "/batches", operator,
                Map.of("allPending", true, "replaces", batch1));
        assertThat(second.status()).as("%s", second).isEqualTo(201);
        String batch2 = second.json().path("batchId").asText();
        assertThat(second.json().path("count").asInt()).as("only the two returned members are pending").isEqualTo(2);
        Response approved = api.post("/api/batches/" + batch2 + "/approval", reviewer, Map.of());
        assertThat(approved.status()).as("%s", approved).isIn(200, 204);

        String hash1 = first.json().path("contentHash").asText();
        long before = MemberSupport.maxGlobalIndex(registry);
        HttpResponse<byte[]> list = api.download("/api/batches/" + batch1 + "/card-application-list.xlsx", operator);
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> expected = NAMES.stream().filter(n -> !List.of("陈刚", "孙丽").contains(n)).toList();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(list.body()))) {
            XSSFSheet sheet = book.getSheetAt(0);
            DataFormatter cells = new DataFormatter();
            int header = headerRow(sheet, cells);
            List<String> names = new ArrayList<>();
            for (int r = header + 1; r <= header + expected.size(); r++) {
                Row row = sheet.getRow(r);
                assertThat(cells.formatCellValue(row.getCell(0))).as("numbered").isEqualTo(Integer.toString(r - header));
                String name = cells.formatCellValue(row.getCell(1));
                names.add(name);
                assertThat(rowText(row, cells)).as("the full ID number of %s", name)
                        .contains(people.get(name).idNumber);
                boolean debitCredit = "2".equals(people.get(name).cardType);
                assertThat(rowText(row, cells).contains("借贷合一")).as("debit-credit mark of %s", name)
                        .isEqualTo(debitCredit);
            }
            assertThat(names).containsExactlyElementsOf(expected);
            assertThat(rowText(sheet.getRow(header + expected.size() + 1), cells)).doesNotContain("陈刚", "孙丽");
            assertThat(sheet.getRepeatingRows()).as("the header row repeats on every page").isNotNull();
            assertThat(sheet.getRepeatingRows().getFirstRow()).isEqualTo(header);
            String footer = sheet.getFooter().getCenter();
            assertThat(footer).contains("&P", "&N", batch1, hash1.substring(0, 12));
            PrintSetup print = sheet.getPrintSetup();
            assertThat(print.getPaperSize()).isEqualTo(PrintSetup.A4_PAPERSIZE);
            assertThat(print.getLandscape()).isTrue();
            assertThat(sheet.getFitToPage()).isTrue();
            assertThat(print.getFitWidth()).isEqualTo((short) 1);
            assertThat(print.getFitHeight()).isEqualTo((short) 0);
        }
        List<MemberSupport.Access> reads = MemberSupport.accessesAfter(registry, before);
        assertThat(reads).hasSize(1);
        assertThat(reads.get(0).memberIds()).containsExactlyInAnyOrderElementsOf(
                expected.stream().map(ids::get).toList());
        assertThat(reads.get(0).payload().path("purpose").asText()).isEqualTo("办卡");
        assertThat(reads.get(0).payload().path("revealed").asBoolean()).isTrue();

        HttpResponse<byte[]> list2 = api.download("/api/batches/" + batch2 + "/card-application-list.xlsx", reviewer);
        assertThat(list2.statusCode()).isEqualTo(200);
        assertThat(MemberSupport.accessesAfter(registry, before)).as("each download is recorded").hasSize(2);

        // Corrected after the approval, before the hand-over: the list must not print what nobody
        // reviewed, so the member leaves it and is pending again.
        Response late = MemberSupport.patch(api, "/api/members/" + returned1, operator,
                Map.of("mobile", "13859209998"), "If-Match", "*");
        assertThat(late.status()).as("%s", late).isEqualTo(204);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(
                api.download("/api/batches/" + batch2 + "/card-application-list.xlsx", operator).body()))) {
            XSSFSheet sheet = book.getSheetAt(0);
            DataFormatter cells = new DataFormatter();
            int header = headerRow(sheet, cells);
            assertThat(cells.formatCellValue(sheet.getRow(header + 1).getCell(1))).isEqualTo("孙丽");
            assertThat(rowText(sheet.getRow(header + 2), cells)).doesNotContain("陈刚");
        }
        Response third = api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", true));
        assertThat(third.status()).as("%s", third).isEqualTo(201);
        assertThat(third.json().path("count").asInt()).isEqualTo(1);
    }

    private Map<String, String> memberIdsByName() {
        Map<String, String> ids = new LinkedHashMap<>();
        for (JsonNode m : MemberSupport.items(api.get("/api/unions/" + union + "/members?size=100", operator))) {
            ids.put(m.path("name").asText(), m.path("id").asText());
        }
        return ids;
    }

    private static int headerRow(Sheet sheet, DataFormatter cells) {
        return IntStream.rangeClosed(0, 20).filter(r -> sheet.getRow(r) != null
                && cells.formatCellValue(sheet.getRow(r).getCell(1)).contains("姓名")).findFirst().orElseThrow();
    }

    private static String rowText(Row row, DataFormatter cells) {
        StringBuilder s = new StringBuilder();
        if (row != null) {
            row.forEach(c -> s.append(cells.formatCellValue(c)).append('|'));
        }
        return s.toString();
    }
}
