package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clerk's round trip: the downloaded template filled the ways Excel and WPS store values (text,
 * numbers, date cells, labels, full width, spaces, a merged and a hidden column, an extra column, the
 * example row left, empty rows at the end), imported with exact counts and the exact message on each
 * failing cell (the REST path's message where the REST path has one), then the report itself corrected
 * and imported again: the fixed rows are added and nobody is added twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportRoundTripTest {

    private static final String LOST_DIGITS = "以数字形式保存，末尾数字已丢失：请将该列设为文本格式后重新输入";

    private RunningRegistry registry;
    private Api api;
    private String union;
    private String operator;
    private MemberData.Form here;
    private MemberData.Form elsewhere;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        String district = ImportSupport.district(api, admin, MemberSupport.cityId(api, admin), "湖里区总工会");
        String[] a = ImportSupport.grassroots(api, admin, district, "厦门往返测试有限公司工会");
        String[] b = ImportSupport.grassroots(api, admin, district, "厦门另一家有限公司工会");
        union = a[0];
        operator = a[1];
        here = MemberData.form("许在册", ResidentIds.fresh(), "13900000001");
        elsewhere = MemberData.form("何别处", ResidentIds.fresh(), "13900000002");
        assertThat(api.post("/api/unions/" + union + "/members", operator, here.json()).status()).isEqualTo(201);
        assertThat(api.post("/api/unions/" + b[0] + "/members", b[1], elsewhere.json()).status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void a_filled_template_imports_with_exact_messages_and_its_corrected_report_adds_only_the_fixed_rows()
            throws Exception {
        MemberData.Form p1 = MemberData.form("林一", ResidentIds.fresh(), "13900000011");
        MemberData.Form p2 = MemberData.form("林二", ResidentIds.fresh(), "13900000012");
        MemberData.Form p3 = MemberData.form("林三", ResidentIds.fresh(), "13900000013");
        // an ID without a final X, so that it can be typed as a number at all
        String allDigits = java.util.stream.Stream.generate(ResidentIds::fresh)
                .filter(id -> Character.isDigit(id.charAt(17))).findFirst().orElseThrow();
        MemberData.Form numberId = MemberData.form("林四", allDigits, "13900000014");
        String valid = ResidentIds.fresh();
        MemberData.Form badCheck = MemberData.form("林五", valid.substring(0, 17)
                + (valid.charAt(17) == '0' ? '1' : '0'), "13900000015");
        MemberData.Form badCodes = MemberData.form("林七", ResidentIds.fresh(), "13900000017")
                .with(f -> f.ethnicGroup = "火星");

        byte[] template = download("/api/templates/member-import.xlsx");
        byte[] filled;
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(template))) {
            Sheet sheet = book.getSheet(MemberSheet.SHEET);
            assertThat(text(sheet.getRow(0), "employerName")).as("the template's columns").contains("工作单位");
            CellStyle date = book.createCellStyle();
            date.setDataFormat((short) 14); // what Excel stores for a date typed as 2036/8/17 (m/d/yy, shown by locale)

            Row r4 = textRow(sheet, 3, p1); // labels, Y/N and the year-month spellings clerks type
            put(r4, "ethnicGroup", "汉");
            put(r4, "education", "大学本科");
            put(r4, "ruralHousehold", "N");
            put(r4, "labourDispatch", "n");
            put(r4, "labourContract", "Y");
            put(r4, "idExpiry", "2036/8/17");
            put(r4, "workStart", "2015.7");
            put(r4, "unionJoin", "2016年3月");
            put(r4, "socialInsuranceStart", "201507");
            Row r5 = textRow(sheet, 4, p2); // numbers and date cells
            r5.getCell(col("mobile")).setCellValue(13900000012d);
            r5.getCell(col("education")).setCellValue(6d);
            dated(r5, "idExpiry", LocalDate.of(2036, 8, 17), date);
            dated(r5, "workStart", LocalDate.of(2015, 7, 1), date);
            put(r5, "ethnicGroup", "01");
            r5.removeCell(r5.getCell(col("employerName"))); // under the merged 工作单位 of row 4
            sheet.addMergedRegion(new CellRangeAddress(3, 4, col("employerName"), col("employerName")));
            Row r6 = textRow(sheet, 5, p3); // full width, spaces
            put(r6, "idNumber", ResidentIds.fullWidth(p3.idNumber));
            put(r6, "mobile", " " + ResidentIds.fullWidth(p3.mobile) + " ");
            put(r6, "name", "  林三 ");
            put(r6, "ethnicGroup", "汉族");
            Row r7 = textRow(sheet, 6, numberId);
            r7.getCell(col("idNumber")).setCellValue(Double.parseDouble(numberId.idNumber));
            textRow(sheet, 7, badCheck);
            textRow(sheet, 8, MemberData.form("林六", p1.idNumber, "13900000016")); // row 4's person again
            textRow(sheet, 9, here.with(f -> f.filledOn = "2024-06-01"));
            textRow(sheet, 10, elsewhere);
            Row r12 = textRow(sheet, 11, badCodes);
            put(r12, "ruralHousehold", "也许");
            for (int r = 12; r < 20; r++) { // rows a clerk touched and emptied
                sheet.createRow(r).createCell(0).setCellValue(r == 15 ? "   " : "");
            }
            sheet.setColumnHidden(col("nationality"), true);
            int extra = MemberSheet.COLUMNS.size();
            sheet.getRow(0).createCell(extra).setCellValue("备注");
            r4.createCell(extra).setCellValue("老会员");
            filled = bytes(book);
        }

        JsonNode first = ImportSupport.importAndWait(api, importPath(), operator, "会员名单.xlsx", filled);
        assertThat(counts(first)).containsExactly(9, 3, 2, 4);
        String restCheckMessage = MemberSupport.errorFor(api.post("/api/unions/" + union + "/members", operator,
                badCheck.json()).json(), "idNumber").path("message").asText();
        String restCodeMessage = MemberSupport.errorFor(api.post("/api/unions/" + union + "/members", operator,
                badCodes.json()).json(), "ethnicGroup").path("message").asText();
        Response restElsewhere = api.post("/api/unions/" + union + "/members", operator, elsewhere.json());
        assertThat(restElsewhere.status()).isEqualTo(409);
        String restElsewhereMessage = restElsewhere.json().path("detail").asText();

        byte[] report = download("/api/imports/" + first.path("jobId").asText() + "/report.xlsx");
        byte[] corrected;
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report))) {
            Sheet sheet = book.getSheet(MemberSheet.SHEET);
            Map<Integer, String> results = new HashMap<>();
            for (int r = 3; r <= 11; r++) {
                results.put(r + 1, result(sheet.getRow(r)));
            }
            assertThat(results).containsExactlyInAnyOrderEntriesOf(Map.of(4, "导入成功", 5, "导入成功", 6, "导入成功",
                    7, "有错误", 8, "有错误", 9, "重复", 10, "重复", 11, "有错误", 12, "有错误"));
            assertThat(sheet.getRow(1)).as("no hint row").isNull();
            assertThat(sheet.getRow(2)).as("no example row").isNull();
            assertThat(sheet.getLastRowNum()).as("no empty rows").isEqualTo(11);
            assertThat(text(sheet.getRow(3), "name")).isEqualTo(p1.name);
            assertThat(text(sheet.getRow(4), "employerName")).as("the merged value, written out")
                    .isEqualTo(p1.employerName);
            assertThat(comment(sheet, 7, "idNumber")).isEqualTo(LOST_DIGITS);
            assertThat(comment(sheet, 8, "idNumber")).isEqualTo(restCheckMessage);
            assertThat(comment(sheet, 9, "idNumber")).isEqualTo("与第 4 行证件号码相同");
            assertThat(comment(sheet, 10, "idNumber")).isEqualTo("该证件号码已是本工会在册会员，信息相同，未重复导入");
            assertThat(comment(sheet, 11, "idNumber")).isEqualTo(restElsewhereMessage);
            assertThat(comment(sheet, 12, "ethnicGroup")).isEqualTo(restCodeMessage);
            assertThat(comment(sheet, 12, "ruralHousehold")).isEqualTo("请填 是 或 否");
            assertThat(comment(sheet, 4, "name")).as("a cell without problems has no comment").isNull();
            assertThat(messages(sheet.getRow(11))).contains(restCodeMessage).contains("请填 是 或 否");
            Sheet summary = book.getSheet("汇总");
            assertThat(summary.getRow(2).getCell(1).getNumericCellValue()).isEqualTo(9);

            retype(sheet.getRow(6), "idNumber", numberId.idNumber); // typed again as text
            retype(sheet.getRow(7), "idNumber", valid);
            retype(sheet.getRow(8), "idNumber", ResidentIds.fresh());
            retype(sheet.getRow(11), "ethnicGroup", "汉");
            retype(sheet.getRow(11), "ruralHousehold", "否");
            corrected = bytes(book);
        }

        JsonNode second = ImportSupport.importAndWait(api, importPath(), operator, "会员名单-导入结果.xlsx",
                corrected);
        assertThat(counts(second)).as("rows 7, 8, 9, 12 added; 4, 5, 6, 10 duplicates; 11 still elsewhere: %s",
                outcomes(second)).containsExactly(9, 4, 4, 1);
        List<JsonNode> members = MemberSupport.items(api.get("/api/unions/" + union + "/members?size=50", operator));
        assertThat(members.stream().map(m -> m.path("name").asText()))
                .containsExactlyInAnyOrder(here.name, "林一", "林二", "林三", "林四", "林五", "林六", "林七");
        assertThat(registry.jdbc().queryForObject("select count(*) from membership_lookup", Long.class))
                .as("one membership per person, the other union's included").isEqualTo(9);

        String imported = members.stream().filter(m -> m.path("name").asText().equals("林四")).findFirst()
                .orElseThrow().path("id").asText();
        Response history = api.get("/api/members/" + imported + "/history?purpose=import-check", operator);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        JsonNode registered = history.json().path("changes").get(0);
        assertThat(registered.path("type").asText()).endsWith("MemberRegistered");
        assertThat(registered.path("metadata").path("import.job").asText()).isEqualTo(second.path("jobId").asText());
        assertThat(registered.path("metadata").path("import.row").asText()).isEqualTo("7");
    }

    // ------------------------------------------------------------------ filling and reading sheets

    private static int col(String field) {
        for (int i = 0; i < MemberSheet.COLUMNS.size(); i++) {
            if (MemberSheet.COLUMNS.get(i).field().equals(field)) {
                return i;
            }
        }
        throw new IllegalArgumentException(field);
    }

    /** Every field of {@code form} typed as text (是/否 for the yes/no columns), on sheet row {@code r}. */
    private static Row textRow(Sheet sheet, int r, MemberData.Form form) {
        Row row = sheet.createRow(r);
        Map<String, Object> values = form.json();
        for (SheetColumn c : MemberSheet.COLUMNS) {
            Object v = values.get(c.field());
            if (v != null) {
                put(row, c.field(), v instanceof Boolean b ? (b ? "是" : "否") : v.toString());
            }
        }
        return row;
    }

    private static void put(Row row, String field, String value) {
        Cell cell = row.getCell(col(field));
        (cell == null ? row.createCell(col(field)) : cell).setCellValue(value);
    }

    /** A new value typed over a cell, as a spreadsheet program stores it: the old text is gone. */
    private static void retype(Row row, String field, String value) {
        Cell cell = row.getCell(col(field));
        cell.setBlank(); // POI would otherwise keep the report's inline text beside the new value
        cell.setCellValue(value);
    }

    private static void dated(Row row, String field, LocalDate day, CellStyle style) {
        Cell cell = row.getCell(col(field));
        cell.setBlank();
        cell.setCellValue(day);
        cell.setCellStyle(style);
    }

    private static String text(Row row, String field) {
        Cell cell = row.getCell(col(field));
        return cell == null ? null : cell.getStringCellValue();
    }

    private static String result(Row row) {
        return row.getCell(MemberSheet.COLUMNS.size()).getStringCellValue();
    }

    private static String messages(Row row) {
        Cell cell = row.getCell(MemberSheet.COLUMNS.size() + 1);
        return cell == null ? "" : cell.getStringCellValue();
    }

    /** The comment on a cell of Excel row {@code excelRow}, or null. */
    private static String comment(Sheet sheet, int excelRow, String field) {
        Comment c = sheet.getCellComment(new org.apache.poi.ss.util.CellAddress(excelRow - 1, col(field)));
        return c == null ? null : c.getString().getString();
    }

    private static byte[] bytes(XSSFWorkbook book) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        book.write(out);
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ over HTTP

    private byte[] download(String path) {
        HttpResponse<byte[]> r = api.download(path, operator);
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    private String importPath() {
        return "/api/unions/" + union + "/member-imports";
    }

    /** Each row's result and messages, as the job's report gives them (to explain a failed count). */
    private String outcomes(JsonNode job) throws IOException {
        StringBuilder s = new StringBuilder();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(
                download("/api/imports/" + job.path("jobId").asText() + "/report.xlsx")))) {
            for (Row row : book.getSheet(MemberSheet.SHEET)) {
                if (row.getRowNum() > 0) {
                    s.append("\n").append(row.getRowNum() + 1).append(' ').append(result(row)).append(' ')
                            .append(messages(row));
                }
            }
        }
        return s.toString();
    }

    /** total, accepted, duplicates, rejected. */
    private static List<Integer> counts(JsonNode job) {
        Function<String, Integer> n = f -> job.path(f).asInt();
        return List.of(n.apply("total"), n.apply("accepted"), n.apply("duplicates"), n.apply("rejected"));
    }
}
