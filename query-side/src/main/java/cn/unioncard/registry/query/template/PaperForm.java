package cn.unioncard.registry.query.template;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.RegionUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A printable blank form laid out on a grid of equal narrow columns: each box spans some of them,
 * so labels, answer boxes and the 18 single-digit boxes of an ID number line up as on the paper
 * form. Printed A4 portrait, scaled to one page.
 */
final class PaperForm {

    /** Grid columns across the page; a box spans a whole number of them. */
    static final int GRID = 32;
    private static final int GRID_WIDTH = 3 * 256;
    private static final int LINE_CHARACTERS = GRID * 3 - 4;

    /** How a box looks: a bold centred label, an answer box, or an answer box with its unit (人) at the right. */
    enum Look { LABEL, ANSWER, UNIT }

    /** One box of a row: its text, how many grid columns it spans, and how it looks. */
    record Box(String text, int span, Look look) {
    }

    private final XSSFWorkbook workbook = new XSSFWorkbook();
    private final Cells cells = new Cells(workbook);
    private final Sheet sheet;
    private final CellStyle title;
    private final CellStyle plain;
    private final CellStyle label;
    private final CellStyle answer;
    private final CellStyle unit;
    private final CellStyle note;
    private int next;

    PaperForm(String sheetName) {
        sheet = workbook.createSheet(sheetName);
        for (int c = 0; c < GRID; c++) {
            sheet.setColumnWidth(c, GRID_WIDTH);
        }
        title = style(16, true, HorizontalAlignment.CENTER);
        plain = style(10, false, HorizontalAlignment.LEFT);
        label = style(10, true, HorizontalAlignment.CENTER);
        answer = style(10, false, HorizontalAlignment.LEFT);
        unit = style(10, false, HorizontalAlignment.RIGHT);
        note = style(9, false, HorizontalAlignment.LEFT);
    }

    static Box label(String text, int span) {
        return new Box(text, span, Look.LABEL);
    }

    static Box answer(String text, int span) {
        return new Box(text, span, Look.ANSWER);
    }

    /** An answer box for a count, its unit printed at the right. */
    static Box unit(String text, int span) {
        return new Box(text, span, Look.UNIT);
    }

    /** A line without borders across the page (附件 marker, the form's header line). */
    PaperForm line(String text, boolean heading) {
        Row row = sheet.createRow(next);
        row.setHeightInPoints(heading ? 30 : 18);
        cells.text(row, 0, text, heading ? title : plain);
        sheet.addMergedRegion(new CellRangeAddress(next, next, 0, GRID - 1));
        next++;
        return this;
    }

    /** A row of boxes with thin borders; their spans must fill the grid. */
    PaperForm boxes(float height, Box... boxes) {
        int total = 0;
        for (Box b : boxes) {
            total += b.span();
        }
        if (total != GRID) {
            throw new IllegalArgumentException("boxes span " + total + " of " + GRID + " columns");
        }
        Row row = sheet.createRow(next);
        row.setHeightInPoints(height);
        int column = 0;
        for (Box b : boxes) {
            CellStyle style = switch (b.look()) {
                case LABEL -> label;
                case ANSWER -> answer;
                case UNIT -> unit;
            };
            for (int c = column; c < column + b.span(); c++) {
                cells.text(row, c, c == column ? b.text() : null, style);
            }
            CellRangeAddress region = new CellRangeAddress(next, next, column, column + b.span() - 1);
            if (b.span() > 1) {
                sheet.addMergedRegion(region);
            }
            RegionUtil.setBorderTop(BorderStyle.THIN, region, sheet);
            RegionUtil.setBorderBottom(BorderStyle.THIN, region, sheet);
            RegionUtil.setBorderLeft(BorderStyle.THIN, region, sheet);
            RegionUtil.setBorderRight(BorderStyle.THIN, region, sheet);
            column += b.span();
        }
        next++;
        return this;
    }

    /** A paragraph of the 填表说明, wrapped across the page. */
    PaperForm note(String text) {
        Row row = sheet.createRow(next);
        int lines = 0;
        for (String part : text.split("\n")) {
            lines += Math.max(1, (ImportTemplate.displayWidth(part) + LINE_CHARACTERS - 1) / LINE_CHARACTERS);
        }
        row.setHeightInPoints(14f * lines + 2);
        cells.text(row, 0, text, note);
        sheet.addMergedRegion(new CellRangeAddress(next, next, 0, GRID - 1));
        next++;
        return this;
    }

    /** The form as .xlsx bytes: A4 portrait, one page wide and tall, centred. */
    byte[] bytes() {
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(false);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 1);
        sheet.setFitToPage(true);
        sheet.setHorizontallyCenter(true);
        sheet.setMargin(Sheet.LeftMargin, 0.5);
        sheet.setMargin(Sheet.RightMargin, 0.5);
        sheet.setMargin(Sheet.TopMargin, 0.6);
        sheet.setMargin(Sheet.BottomMargin, 0.6);
        workbook.setPrintArea(0, 0, GRID - 1, 0, next - 1);
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CellStyle style(int points, boolean bold, HorizontalAlignment alignment) {
        Font font = workbook.createFont();
        font.setFontName("宋体");
        font.setFontHeightInPoints((short) points);
        font.setBold(bold);
        CellStyle style = workbook.createCellStyle();
        style.setFont(font);
        style.setAlignment(alignment);
        style.setVerticalAlignment(VerticalAlignment.CENTER);
        style.setWrapText(true);
        return style;
    }
}
