package cn.unioncard.registry.query.card;

import cn.unioncard.registry.query.template.Cells;
import cn.unioncard.registry.query.template.PrintStyles;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A printable list laid out as the card application list is: a title and heading lines, bordered columns
 * whose headings repeat on every A4 page, closing lines to sign, and a footer on every page. Every text
 * goes through {@link Cells}, so nothing written can run as a formula. XSSF: 5,000 rows fit in memory.
 */
final class PrintedList {

    private final XSSFWorkbook workbook = new XSSFWorkbook();
    private final Cells cells = new Cells(workbook);
    private final Sheet sheet;
    private final int columns;
    private final CellStyle title = style(16, true, HorizontalAlignment.CENTER, false);
    private final CellStyle plain = style(10, false, HorizontalAlignment.LEFT, false);
    private final CellStyle heading = style(10, true, HorizontalAlignment.CENTER, true);
    private final CellStyle cell = style(10, false, HorizontalAlignment.LEFT, true);
    private final CellStyle centred = style(10, false, HorizontalAlignment.CENTER, true);
    private final CellStyle signature = style(12, false, HorizontalAlignment.LEFT, false);
    private int next;
    private int headingRow = -1;

    /** {@code widths} in characters, one per column. */
    PrintedList(String sheetName, int... widths) {
        sheet = workbook.createSheet(sheetName);
        columns = widths.length;
        for (int c = 0; c < widths.length; c++) {
            sheet.setColumnWidth(c, widths[c] * 256);
        }
    }

    PrintedList title(String text) {
        return across(text, title, 30);
    }

    PrintedList line(String text) {
        return across(text, plain, 18);
    }

    /** A line to sign or stamp, a little larger, with room to write. */
    PrintedList signatureLine(String text) {
        return across(text, signature, 40);
    }

    PrintedList gap() {
        next++;
        return this;
    }

    /** The column headings, repeated at the top of every printed page. */
    PrintedList headings(List<String> headings) {
        headingRow = next;
        Row row = sheet.createRow(next++);
        row.setHeightInPoints(24);
        for (int c = 0; c < headings.size(); c++) {
            cells.text(row, c, headings.get(c), heading);
        }
        return this;
    }

    /** A bordered row; {@code centredColumns} are centred (numbers, dates, codes). */
    PrintedList row(float height, List<String> values, int... centredColumns) {
        Row row = sheet.createRow(next++);
        row.setHeightInPoints(height);
        for (int c = 0; c < columns; c++) {
            boolean centre = false;
            for (int k : centredColumns) {
                centre |= k == c;
            }
            cells.text(row, c, c < values.size() ? values.get(c) : null, centre ? centred : cell);
        }
        return this;
    }

    /**
     * The workbook: A4 (landscape if asked), one page wide, the headings on every page, {@code footer} in the
     * centre of every page's footer ({@code &P} and {@code &N} are the page codes).
     */
    byte[] bytes(boolean landscape, String footer) {
        PrintStyles.pageSetUp(sheet, landscape, headingRow);
        sheet.getFooter().setCenter(footer);
        workbook.setPrintArea(0, 0, columns - 1, 0, Math.max(0, next - 1));
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A literal ampersand in a footer is doubled (a single one starts a code). */
    static String literal(String text) {
        return text == null ? "" : text.replace("&", "&&");
    }

    private PrintedList across(String text, CellStyle style, float height) {
        Row row = sheet.createRow(next);
        row.setHeightInPoints(height);
        cells.text(row, 0, text, style);
        if (columns > 1) {
            sheet.addMergedRegion(new CellRangeAddress(next, next, 0, columns - 1));
        }
        next++;
        return this;
    }

    private CellStyle style(int points, boolean bold, HorizontalAlignment alignment, boolean boxed) {
        return PrintStyles.of(workbook, points, bold, alignment, boxed);
    }
}
