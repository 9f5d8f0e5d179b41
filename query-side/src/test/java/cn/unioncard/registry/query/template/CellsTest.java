package cn.unioncard.registry.query.template;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Text that could run as a formula is written as quote-prefixed text, keeping the style asked for. */
class CellsTest {

    @Test
    void a_value_that_looks_like_a_formula_is_a_quote_prefixed_string_cell_and_others_are_plain() throws IOException {
        byte[] bytes;
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Cells cells = new Cells(workbook);
            CellStyle bold = workbook.createCellStyle();
            bold.setFont(workbook.createFont());
            workbook.getFontAt(bold.getFontIndex()).setBold(true);
            Row row = workbook.createSheet("s").createRow(0);
            String[] values = {"=1+2", "+86 138", "-5", "@SUM(A1)", "\tx", "\rx", "张三", "1990-01", null};
            for (int i = 0; i < values.length; i++) {
                cells.text(row, i, values[i], i == 0 ? bold : null);
            }
            workbook.write(out);
            bytes = out.toByteArray();
        }
        try (XSSFWorkbook read = ImportTemplateTest.read(bytes)) {
            Row row = read.getSheetAt(0).getRow(0);
            for (int i = 0; i < 6; i++) {
                assertThat(row.getCell(i).getCellType()).isEqualTo(CellType.STRING);
                assertThat(row.getCell(i).getCellStyle().getQuotePrefixed()).as("cell %d", i).isTrue();
            }
            assertThat(row.getCell(0).getStringCellValue()).isEqualTo("=1+2");
            assertThat(read.getFontAt(row.getCell(0).getCellStyle().getFontIndex()).getBold()).isTrue();
            assertThat(row.getCell(6).getCellStyle().getQuotePrefixed()).isFalse();
            assertThat(row.getCell(7).getCellStyle().getQuotePrefixed()).isFalse();
            assertThat(row.getCell(8).getCellType()).isEqualTo(CellType.BLANK);
        }
    }
}
