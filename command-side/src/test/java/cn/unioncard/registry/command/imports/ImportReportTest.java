package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.testing.Bytes;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The import report read back with POI: rows as uploaded, results, highlighted cells, comments, no formulas. */
class ImportReportTest {

    static final List<SheetColumn> COLUMNS = MemberSheet.COLUMNS;
    static final int NAME = 0;
    static final int ID = 2;
    static final int MOBILE = 9;
    static final int RESULT = COLUMNS.size();
    static final int MESSAGES = COLUMNS.size() + 1;

    static SheetRow row(int number, String name, String id, String mobile) {
        List<SheetRow.Cell> cells = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            cells.add(null);
        }
        cells.set(NAME, text(name));
        cells.set(ID, text(id));
        cells.set(MOBILE, mobile == null ? null : text(mobile));
        return new SheetRow(number, cells);
    }

    static SheetRow.Cell text(String value) {
        return new SheetRow.Cell(SheetRow.Cell.Kind.TEXT, value, value);
    }

    static Violation problem(String field, String zh) {
        return Violation.error(field, "x", zh, "en");
    }

    byte[] report() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImportReport report = new ImportReport(ImportKind.MEMBERS)) {
            report.row(row(3, "张三", "11010519491231002X", "13800138000"),
                    new ImportedRow(3, RowResult.ACCEPTED, "m-3", List.of()));
            report.row(row(4, "=1+1", "110105194912310021", "1380013800"),
                    new ImportedRow(4, RowResult.REJECTED, null, List.of(
                            problem("idNumber", "证件号码校验位不正确"),
                            problem("mobile", "手机号码应为 11 位数字"),
                            problem("mobile", "手机号码格式不正确"),
                            problem("unionId", "该人员已是其他工会的会员"))));
            report.row(row(5, "@SUM(A1)", "11010519491231002X", null),
                    new ImportedRow(5, RowResult.DUPLICATE, null,
                            List.of(problem("idNumber", "与第 3 行证件号码相同"))));
            report.summary("=HYPERLINK(\"x\").xlsx", "ab".repeat(32), 3, 1, 1, 1,
                    Instant.parse("2026-12-01T01:00:00Z"), Instant.parse("2026-12-01T01:00:05Z"));
            report.write(out);
        }
        return out.toByteArray();
    }

    @Test
    void theReportKeepsTheTemplatesHeaderAndEveryRowOnItsOwnRowNumberWithItsResult() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report()))) {
            Sheet sheet = book.getSheet(MemberSheet.SHEET);
            assertThat(sheet).isNotNull();
            Row header = sheet.getRow(0);
            for (int i = 0; i < COLUMNS.size(); i++) {
                assertThat(header.getCell(i).getStringCellValue()).isEqualTo(COLUMNS.get(i).printedHeader());
            }
            assertThat(header.getCell(RESULT).getStringCellValue()).isEqualTo("导入结果");
            assertThat(header.getCell(MESSAGES).getStringCellValue()).isEqualTo("错误信息");
            assertThat(sheet.getRow(2).getCell(NAME).getStringCellValue()).isEqualTo("张三");
            assertThat(sheet.getRow(2).getCell(ID).getCellType()).isEqualTo(CellType.STRING);
            assertThat(sheet.getRow(2).getCell(RESULT).getStringCellValue()).isEqualTo("导入成功");
            assertThat(sheet.getRow(2).getCell(MESSAGES)).isNull();
            assertThat(sheet.getRow(3).getCell(RESULT).getStringCellValue()).isEqualTo("有错误");
            assertThat(sheet.getRow(4).getCell(RESULT).getStringCellValue()).isEqualTo("重复");
        }
    }

    @Test
    void eachFailingCellIsLightRedWithItsMessagesInACommentAndEveryMessageInTheMessageColumn() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report()))) {
            Row failing = book.getSheet(MemberSheet.SHEET).getRow(3);
            Cell mobile = failing.getCell(MOBILE);
            assertThat(fill(mobile)).isEqualTo("FFC7CE");
            assertThat(mobile.getCellComment().getString().getString())
                    .isEqualTo("手机号码应为 11 位数字\n手机号码格式不正确");
            assertThat(failing.getCell(ID).getCellComment().getString().getString()).isEqualTo("证件号码校验位不正确");
            assertThat(fill(failing.getCell(NAME))).isNull();
            assertThat(failing.getCell(NAME).getCellComment()).isNull();
            assertThat(failing.getCell(MESSAGES).getStringCellValue())
                    .isEqualTo("证件号码校验位不正确；手机号码应为 11 位数字；手机号码格式不正确；该人员已是其他工会的会员");
            // an empty cell that fails is highlighted too
            Row duplicate = book.getSheet(MemberSheet.SHEET).getRow(4);
            assertThat(fill(duplicate.getCell(ID))).isEqualTo("FFC7CE");
            assertThat(duplicate.getCell(MOBILE)).isNull();
        }
    }

    @Test
    void textThatLooksLikeAFormulaIsWrittenAsQuotePrefixedTextNeverAsAFormula() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report()))) {
            Sheet sheet = book.getSheet(MemberSheet.SHEET);
            for (Cell cell : List.of(sheet.getRow(3).getCell(NAME), sheet.getRow(4).getCell(NAME),
                    book.getSheet("汇总").getRow(0).getCell(1))) {
                assertThat(cell.getCellType()).isEqualTo(CellType.STRING);
                assertThat(cell.getCellStyle().getQuotePrefixed()).isTrue();
            }
            assertThat(sheet.getRow(3).getCell(NAME).getStringCellValue()).isEqualTo("=1+1");
            assertThat(sheet.getRow(4).getCell(NAME).getStringCellValue()).isEqualTo("@SUM(A1)");
            assertThat(sheet.getRow(2).getCell(NAME).getCellStyle().getQuotePrefixed()).isFalse();
        }
    }

    @Test
    void theSummarySheetNamesTheFileItsHashTheCountsAndWhenItRan() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report()))) {
            Sheet summary = book.getSheet("汇总");
            assertThat(summary.getRow(1).getCell(1).getStringCellValue()).isEqualTo("ab".repeat(32));
            assertThat(summary.getRow(2).getCell(1).getNumericCellValue()).isEqualTo(3);
            assertThat(summary.getRow(3).getCell(0).getStringCellValue()).isEqualTo("导入成功");
            assertThat(summary.getRow(7).getCell(1).getStringCellValue()).isEqualTo("2026-12-01T01:00:05Z");
        }
    }

    @Test
    void aDateCellIsWrittenAsAnIsoDateWhateverFormatItWasShownIn() throws Exception {
        SheetRow row = row(3, "张三", "11010519491231002X", "13800138000");
        List<SheetRow.Cell> cells = new ArrayList<>(row.cells());
        int expiry = 3;
        cells.set(expiry, new SheetRow.Cell(SheetRow.Cell.Kind.DATE, "49904.0", "8/17/36")); // format 14, m/d/yy
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImportReport report = new ImportReport(ImportKind.MEMBERS)) {
            report.row(new SheetRow(3, cells), new ImportedRow(3, RowResult.ACCEPTED, "m-3", List.of()));
            report.write(out);
        }
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(COLUMNS.get(expiry).field()).isEqualTo("idExpiry");
            assertThat(book.getSheet(MemberSheet.SHEET).getRow(2).getCell(expiry).getStringCellValue())
                    .isEqualTo("2036-08-17"); // 1899-12-30 plus 49,904 days
        }
    }

    @Test
    void rowsFlushedToTempFilesAreNeverInClearOnDiskAndTheFilesAreGoneAfterClose(@org.junit.jupiter.api.io.TempDir
                                                                                java.nio.file.Path temp)
            throws Exception {
        org.apache.poi.util.TempFile.setTempFileCreationStrategy(
                new org.apache.poi.util.DefaultTempFileCreationStrategy(temp.toFile()));
        try {
            byte[] secret = "甄秘密".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (ImportReport report = new ImportReport(ImportKind.MEMBERS)) {
                for (int r = 2; r < 600; r++) {
                    report.row(row(r, "甄秘密" + r, "11010519491231002X", "13800138000"),
                            new ImportedRow(r, RowResult.ACCEPTED, "m-" + r, List.of()));
                }
                report.write(new ByteArrayOutputStream());
                List<java.nio.file.Path> files;
                try (var walk = java.nio.file.Files.walk(temp)) {
                    files = walk.filter(java.nio.file.Files::isRegularFile).toList();
                }
                assertThat(files).as("the rows went to temp files").isNotEmpty();
                for (java.nio.file.Path f : files) {
                    byte[] bytes = java.nio.file.Files.readAllBytes(f);
                    assertThat(Bytes.contains(bytes, secret)).as("%s in clear", f).isFalse();
                    if (bytes.length > 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                        byte[] plain = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
                        assertThat(Bytes.contains(plain, secret)).as("%s gzipped clear text", f).isFalse();
                    }
                }
            }
            try (var walk = java.nio.file.Files.walk(temp)) {
                assertThat(walk.filter(java.nio.file.Files::isRegularFile).count()).as("left behind").isZero();
            }
        } finally {
            org.apache.poi.util.TempFile.setTempFileCreationStrategy(
                    new org.apache.poi.util.DefaultTempFileCreationStrategy());
        }
    }

    @Test
    void pastItsCommentBudgetAFailingCellIsStillHighlightedWithItsMessageInTheMessageColumn() throws Exception {
        int rows = ImportReport.MAX_COMMENTS + 10;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImportReport report = new ImportReport(ImportKind.MEMBERS)) {
            for (int r = 2; r < rows + 2; r++) {
                report.row(row(r, "张三", "3.50203E+17", null), new ImportedRow(r, RowResult.REJECTED, null,
                        List.of(problem("idNumber", "以数字形式保存，末尾数字已丢失"))));
            }
            report.write(out);
        }
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            Sheet sheet = book.getSheet(MemberSheet.SHEET);
            assertThat(sheet.getCellComments()).hasSize(ImportReport.MAX_COMMENTS);
            Row last = sheet.getRow(rows);
            assertThat(last.getCell(ID).getCellComment()).isNull();
            assertThat(fill(last.getCell(ID))).isEqualTo("FFC7CE");
            assertThat(last.getCell(MESSAGES).getStringCellValue()).isEqualTo("以数字形式保存，末尾数字已丢失");
        }
    }

    private static String fill(Cell cell) {
        XSSFCellStyle style = (XSSFCellStyle) cell.getCellStyle();
        return style.getFillForegroundXSSFColor() == null ? null
                : style.getFillForegroundXSSFColor().getARGBHex().substring(2);
    }
}
