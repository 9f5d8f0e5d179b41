package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.util.DefaultTempFileCreationStrategy;
import org.apache.poi.util.TempFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static cn.unioncard.registry.command.imports.Sheets.person;
import static cn.unioncard.registry.command.imports.Sheets.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImportSheetTest {

    private static final List<SheetColumn> COLUMNS = MemberSheet.COLUMNS;

    @TempDir
    static Path poiTemp;

    @BeforeAll
    static void ownTempDirectory() {
        // POI's temp files go to a directory of this test's own, so counting them is not disturbed by others
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy(poiTemp.toFile()));
    }

    @AfterAll
    static void defaultTempDirectory() {
        TempFile.setTempFileCreationStrategy(new DefaultTempFileCreationStrategy());
    }

    @Test
    void the_template_rows_empty_rows_and_rows_of_spaces_are_not_data() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        int first = s.row(person(COLUMNS, with("name", "李一")));
        s.row(Arrays.asList(" ", "\u3000", null, "  "));
        int second = s.row(person(COLUMNS, with("name", "李二")));
        s.skipRows(3).row(Arrays.asList((Object) null, null));
        s.sheet().createRow(40).createCell(3).setCellStyle(s.book().createCellStyle()); // formatted but empty
        try (ImportSheet sheet = open(s.bytes())) {
            List<SheetRow> rows = rows(sheet, 0);
            assertThat(rows).extracting(SheetRow::row).containsExactly(first, second);
            assertThat(rows.get(0).cells().get(0).text()).isEqualTo("李一");
            assertThat(sheet.countRows()).isEqualTo(2);
        }
    }

    @Test
    void resuming_after_a_row_skips_every_row_up_to_it() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            numbers.add(s.row(person(COLUMNS, with("name", "王" + i))));
        }
        try (ImportSheet sheet = open(s.bytes())) {
            assertThat(rows(sheet, numbers.get(2))).extracting(SheetRow::row).containsExactlyElementsOf(numbers.subList(3, 5));
        }
    }

    @Test
    void an_exception_thrown_by_the_row_action_reaches_the_caller_unchanged() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        s.row(person(COLUMNS, with("name", "停止")));
        IllegalStateException stop = new IllegalStateException("the job was stopped");
        try (ImportSheet sheet = open(s.bytes())) {
            assertThatThrownBy(() -> sheet.forEachRow(0, row -> {
                throw stop;
            })).isSameAs(stop);
            assertThat(sheet.countRows()).as("the sheet can still be read after").isEqualTo(1);
        }
    }

    @Test
    void headers_are_matched_by_name_with_stars_spaces_full_width_line_breaks_or_english_in_any_order() {
        List<Object> header = new ArrayList<>();
        for (SheetColumn c : COLUMNS) {
            header.add(c.header());
        }
        header.set(0, "＊姓　名");
        header.set(2, "﹡证件\n号码");
        header.set(9, "Mobile");
        header.set(1, "idType");
        // swap 姓名 and 民族: columns are found by name, not position
        Object name = header.get(0);
        header.set(0, header.get(4));
        header.set(4, name);
        Sheets s = new Sheets(MemberSheet.SHEET);
        s.row(header);
        List<Object> values = person(COLUMNS, with("name", "赵六"));
        Object v = values.get(0);
        values.set(0, values.get(4));
        values.set(4, v);
        s.row(values);
        try (ImportSheet sheet = open(s.bytes())) {
            SheetRow row = rows(sheet, 0).get(0);
            assertThat(row.cells().get(0).text()).isEqualTo("赵六");
            assertThat(row.cells().get(4).text()).isEqualTo("01 汉");
            assertThat(row.cells().get(9).text()).isEqualTo("13800138000");
        }
    }

    @Test
    void a_missing_required_column_refuses_the_file_naming_it() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        s.sheet().getRow(0).getCell(2).setCellValue(""); // no 证件号码
        s.sheet().getRow(0).getCell(9).setCellValue(""); // no 手机号码
        assertThatThrownBy(() -> open(s.bytes())).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.violations()).extracting(Violation::field).containsExactly("idNumber", "mobile");
            assertThat(e.violations()).extracting(Violation::code).containsOnly("header.missing");
            assertThat(e.violations().get(0).zh()).contains("证件号码");
        });
    }

    @Test
    void an_unknown_column_in_the_middle_refuses_the_file_naming_it() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        s.sheet().getRow(0).getCell(7).setCellValue("备注"); // in place of the optional 国籍
        assertThatThrownBy(() -> open(s.bytes())).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.violations()).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo("header.unknown");
                assertThat(v.zh()).contains("H").contains("备注");
            });
        });
    }

    @Test
    void extra_columns_after_the_last_template_column_are_ignored() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        int last = COLUMNS.size();
        s.sheet().getRow(0).createCell(last).setCellValue("导入结果");
        s.sheet().getRow(0).createCell(last + 1).setCellValue("错误信息");
        s.sheet().getRow(0).createCell(last + 3).setCellValue("备注");
        List<Object> values = person(COLUMNS, with("name", "孙七"));
        values.addAll(List.of("有错误", "证件号码校验位不正确", "", "经办人已核对"));
        s.row(values);
        try (ImportSheet sheet = open(s.bytes())) {
            assertThat(rows(sheet, 0)).singleElement().satisfies(r -> {
                assertThat(r.cells()).hasSize(COLUMNS.size());
                assertThat(r.cells().get(0).text()).isEqualTo("孙七");
            });
        }
    }

    @Test
    void hidden_columns_are_read_and_the_rows_under_a_merged_cell_take_its_value_as_the_clerk_sees_it() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        s.sheet().setColumnHidden(7, true);
        int a = s.row(person(COLUMNS, with("name", "周八", "nationality", "CHN")));
        int b = s.row(person(COLUMNS, with("name", "吴九", "employerName", null)));
        int c = s.row(person(COLUMNS, with("name", "郑十", "employerName", null, "householdCity", null)));
        s.sheet().addMergedRegion(new CellRangeAddress(a - 1, c - 1, 21, 21)); // 工作单位 merged down three rows
        s.sheet().addMergedRegion(new CellRangeAddress(c - 1, c - 1, 10, 11)); // 户籍所在省 and 市 in one box
        try (ImportSheet sheet = open(s.bytes())) {
            List<SheetRow> rows = rows(sheet, 0);
            assertThat(rows).hasSize(3);
            assertThat(rows.get(0).cells().get(7).text()).isEqualTo("CHN");
            assertThat(rows).allSatisfy(r -> assertThat(r.cells().get(21).text()).isEqualTo("厦门示例有限公司"));
            assertThat(rows.get(2).cells().get(11)).as("a region across columns fills no other column").isNull();
            assertThat(rows(sheet, b)).as("resumed below the region's top").singleElement()
                    .satisfies(r -> assertThat(r.cells().get(21).text()).isEqualTo("厦门示例有限公司"));
        }
    }

    @Test
    void the_sheet_named_by_the_template_is_read_else_the_first_visible_one() {
        Sheets named = Sheets.template("说明", COLUMNS);
        named.book().createSheet(MemberSheet.SHEET);
        var wb = named.book();
        var real = wb.getSheet(MemberSheet.SHEET);
        var header = real.createRow(0);
        var data = real.createRow(1);
        for (int i = 0; i < COLUMNS.size(); i++) {
            header.createCell(i).setCellValue(COLUMNS.get(i).header());
            data.createCell(i).setCellValue(i == 0 ? "郑十" : String.valueOf(COLUMNS.get(i).example()));
        }
        try (ImportSheet sheet = open(named.bytes())) {
            assertThat(rows(sheet, 0).get(0).cells().get(0).text()).isEqualTo("郑十");
        }
        Sheets renamed = new Sheets("hidden");
        renamed.row(List.of("nothing"));
        var visible = renamed.book().createSheet("Sheet1");
        renamed.book().setSheetHidden(0, true);
        renamed.book().setActiveSheet(1);
        var h = visible.createRow(0);
        var d = visible.createRow(1);
        for (int i = 0; i < COLUMNS.size(); i++) {
            h.createCell(i).setCellValue(COLUMNS.get(i).printedHeader());
            d.createCell(i).setCellValue(i == 0 ? "钱一" : String.valueOf(COLUMNS.get(i).example()));
        }
        try (ImportSheet sheet = open(renamed.bytes())) {
            assertThat(rows(sheet, 0).get(0).cells().get(0).text()).isEqualTo("钱一");
        }
    }

    @Test
    void a_workbook_saved_with_macros_is_read_like_an_xlsx() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        ((org.apache.poi.xssf.usermodel.XSSFWorkbook) s.book())
                .setWorkbookType(org.apache.poi.xssf.usermodel.XSSFWorkbookType.XLSM);
        s.row(person(COLUMNS, with("name", "宏一")));
        try (ImportSheet sheet = open(s.bytes())) {
            assertThat(rows(sheet, 0)).singleElement().satisfies(r -> assertThat(r.cells().get(0).text()).isEqualTo("宏一"));
        }
    }

    @Test
    void a_sheet_written_with_a_namespace_prefix_is_read() throws IOException {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        int row = s.row(person(COLUMNS, with("name", "前缀")));
        byte[] prefixed = rewriteSheet(s.bytes(), xml -> xml
                .replace("xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"",
                        "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"")
                .replaceAll("<(/?)([a-zA-Z])", "<$1x:$2"));
        try (ImportSheet sheet = open(prefixed)) {
            assertThat(rows(sheet, 0)).singleElement().satisfies(r -> {
                assertThat(r.row()).isEqualTo(row);
                assertThat(r.cells().get(0).text()).isEqualTo("前缀");
            });
        }
    }

    @Test
    void an_inline_string_is_read_from_its_text_as_poi_reads_it_not_joined_with_a_stray_value() throws IOException {
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        try (org.apache.poi.xssf.streaming.SXSSFWorkbook book = new org.apache.poi.xssf.streaming.SXSSFWorkbook()) {
            var sheet = book.createSheet(MemberSheet.SHEET); // SXSSF writes inline strings, as the import report does
            var header = sheet.createRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                header.createCell(i).setCellValue(COLUMNS.get(i).printedHeader());
            }
            sheet.createRow(1).createCell(0).setCellValue("旧名");
            book.write(streamed);
        }
        ByteArrayOutputStream edited = new ByteArrayOutputStream();
        String poiReads;
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(streamed.toByteArray()))) {
            var cell = book.getSheet(MemberSheet.SHEET).getRow(1).getCell(0);
            cell.setCellValue("新名"); // POI keeps the inline text and adds a <v> beside it
            book.write(edited);
        }
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(edited.toByteArray()))) {
            poiReads = book.getSheet(MemberSheet.SHEET).getRow(1).getCell(0).getStringCellValue();
        }
        try (ImportSheet sheet = open(edited.toByteArray())) {
            assertThat(rows(sheet, 0)).singleElement()
                    .satisfies(r -> assertThat(r.cells().get(0).text()).isEqualTo(poiReads).isIn("旧名", "新名"));
        }
    }

    @Test
    void rows_out_of_order_cells_beyond_the_sheet_an_endless_cell_or_an_infinite_number_are_refused_when_read()
            throws IOException {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        int a = s.row(person(COLUMNS, with("name", "甲")));
        int b = s.row(person(COLUMNS, with("name", "乙")));
        byte[] ok = s.bytes();
        String cellB = "<c r=\"A" + b + "\"[^>]*>(<v>[^<]*</v>|<is>.*?</is>)</c>";
        List<byte[]> damaged = List.of(
                rewriteSheet(ok, x -> x.replace("<row r=\"" + b + "\"", "<row r=\"" + a + "\"")),
                rewriteSheet(ok, x -> x.replace("<row r=\"" + b + "\"", "<row r=\"1048577\"")),
                rewriteSheet(ok, x -> x.replaceFirst(cellB, "<c r=\"XFE" + b + "\"><v>1</v></c>")),
                rewriteSheet(ok, x -> x.replaceFirst(cellB,
                        "<c r=\"A" + b + "\" t=\"inlineStr\"><is><t>" + "乙".repeat(40_000) + "</t></is></c>")),
                rewriteSheet(ok, x -> x.replaceFirst(cellB, "<c r=\"A" + b + "\"><v>1E300000000</v></c>")));
        for (byte[] file : damaged) {
            try (ImportSheet sheet = open(file)) {
                assertThatThrownBy(() -> rows(sheet, 0)).isInstanceOfSatisfying(RegistryProblem.class,
                        p -> assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.UNREADABLE_FILE));
            }
        }
        try (ImportSheet sheet = open(ok)) {
            assertThat(rows(sheet, 0)).hasSize(2);
        }
    }

    private static byte[] rewriteSheet(byte[] xlsx, java.util.function.UnaryOperator<String> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(xlsx));
             ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                z.putNextEntry(new ZipEntry(e.getName()));
                byte[] content = in.readAllBytes();
                z.write(e.getName().endsWith("sheet1.xml")
                        ? change.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)
                        : content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @Test
    void an_old_xls_is_refused_with_save_as_xlsx() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (HSSFWorkbook xls = new HSSFWorkbook()) {
            xls.createSheet(MemberSheet.SHEET).createRow(0).createCell(0).setCellValue("*姓名");
            xls.write(out);
        }
        assertRefused(out.toByteArray(), ".xlsx", ".xls");
    }

    @Test
    void a_password_protected_workbook_is_refused_with_remove_the_password() throws Exception {
        byte[] plain = Sheets.template(MemberSheet.SHEET, COLUMNS).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword("secret");
            try (OutputStream os = encryptor.getDataStream(fs)) {
                os.write(plain);
            }
            fs.writeFilesystem(out);
        }
        assertRefused(out.toByteArray(), "密码", "password");
    }

    @Test
    void csv_random_bytes_an_empty_file_and_a_zip_that_is_no_workbook_are_refused() throws IOException {
        assertRefused("*姓名,*证件号码\n张三,11010519491231002X\n".getBytes(StandardCharsets.UTF_8), "不是 .xlsx",
                "not an .xlsx");
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        assertRefused(noise, "不是 .xlsx", "not an .xlsx");
        assertRefused(new byte[0], "空", "empty");
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            z.putNextEntry(new ZipEntry("notes.txt"));
            z.write("hello".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        assertRefused(zip.toByteArray(), "不是 .xlsx", "not an .xlsx");
    }

    @Test
    void a_zip_bomb_is_refused_as_too_compressed_without_inflating_it() throws IOException {
        byte[] bomb = zipBomb(300L << 20);
        assertThat(bomb.length).isLessThan(2 << 20);
        long before = System.nanoTime();
        assertRefused(bomb, "压缩比", "too compressed");
        assertThat((System.nanoTime() - before) / 1_000_000).as("ms to refuse").isLessThan(5_000);
    }

    @Test
    void temp_files_hold_the_unzipped_sheet_encrypted_and_are_gone_after_close_or_a_refusal() {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        for (int i = 0; i < 4000; i++) {
            s.row(person(COLUMNS, with("name", "测试" + i, "idNumber", "ID-" + i, "contactAddress", "地址" + i)));
        }
        byte[] big = s.bytes();
        int before = tempFiles();
        try (ImportSheet sheet = open(big)) {
            assertThat(tempFiles()).as("the sheet is unzipped to a temp file").isGreaterThan(before);
            assertThat(sheet.countRows()).isEqualTo(4000);
        }
        assertThat(tempFiles()).isEqualTo(before);
        byte[] noHeader = withFirstHeader(big, "未知列");
        assertThatThrownBy(() -> open(noHeader)).isInstanceOf(InvalidInputException.class);
        assertThat(tempFiles()).isEqualTo(before);
    }

    private static byte[] withFirstHeader(byte[] xlsx, String header) {
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new ByteArrayInputStream(xlsx));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            book.getSheetAt(0).getRow(0).getCell(0).setCellValue(header);
            book.getSheetAt(0).getRow(0).getCell(2).setCellValue(header + "2");
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int tempFiles() {
        File[] files = poiTemp.toFile().listFiles(File::isFile);
        int n = files == null ? 0 : files.length;
        File[] dirs = poiTemp.toFile().listFiles(File::isDirectory);
        if (dirs != null) {
            for (File d : dirs) {
                File[] inner = d.listFiles();
                n += inner == null ? 0 : inner.length;
            }
        }
        return n;
    }

    /** A workbook whose sheet XML unzips to {@code size} bytes of repeated text but zips to a few hundred KB. */
    static byte[] zipBomb(long size) throws IOException {
        byte[] template = Sheets.template(MemberSheet.SHEET, COLUMNS).bytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(template));
             ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                z.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().endsWith("sheet1.xml")) {
                    byte[] chunk = "<row><c t=\"inlineStr\"><is><t>aaaaaaaaaaaaaaaa</t></is></c></row>".repeat(1000)
                            .getBytes(StandardCharsets.UTF_8);
                    z.write("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                            .getBytes(StandardCharsets.UTF_8));
                    for (long written = 0; written < size; written += chunk.length) {
                        z.write(chunk);
                    }
                    z.write("</sheetData></worksheet>".getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(z);
                }
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static void assertRefused(byte[] file, String zh, String en) {
        assertThatThrownBy(() -> open(file)).isInstanceOfSatisfying(RegistryProblem.class, p -> {
            assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.UNREADABLE_FILE);
            assertThat(p.kind().status).isEqualTo(400);
            assertThat(p.zh()).contains(zh);
            assertThat(p.en()).contains(en);
        });
    }

    static ImportSheet open(byte[] file) {
        return ImportSheet.open(new ByteArrayInputStream(file), ImportKind.MEMBERS);
    }

    static List<SheetRow> rows(ImportSheet sheet, int after) {
        List<SheetRow> rows = new ArrayList<>();
        sheet.forEachRow(after, rows::add);
        return rows;
    }
}
