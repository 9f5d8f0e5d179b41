package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.SpreadsheetText;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFColor;

import java.util.EnumMap;
import java.util.Map;

/**
 * The report's cell styles, made once per workbook, and the one way text goes into a cell: as a text
 * cell, quote-prefixed when it could be read as a formula (formula injection).
 */
final class ReportStyles {

    enum Look { PLAIN, HEADER, FAILING }

    /** Excel's "bad" fill, light red. */
    private static final byte[] LIGHT_RED = {(byte) 0xFF, (byte) 0xC7, (byte) 0xCE};

    private final Map<Look, CellStyle> plain = new EnumMap<>(Look.class);
    private final Map<Look, CellStyle> quoted = new EnumMap<>(Look.class);

    ReportStyles(SXSSFWorkbook workbook) {
        short textFormat = workbook.createDataFormat().getFormat("@");
        Font bold = workbook.createFont();
        bold.setBold(true);
        for (Look look : Look.values()) {
            for (boolean quote : new boolean[] {false, true}) {
                XSSFCellStyle style = (XSSFCellStyle) workbook.createCellStyle();
                style.setDataFormat(textFormat);
                style.setQuotePrefixed(quote);
                if (look == Look.HEADER) {
                    style.setFont(bold);
                }
                if (look == Look.FAILING) {
                    style.setFillForegroundColor(new XSSFColor(LIGHT_RED, null));
                    style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
                }
                (quote ? quoted : plain).put(look, style);
            }
        }
    }

    /** Writes {@code value} as text ({@code null}: an empty cell that keeps the look). */
    void text(Cell cell, String value, Look look) {
        boolean formulaLike = SpreadsheetText.looksLikeFormula(value);
        cell.setCellStyle((formulaLike ? quoted : plain).get(look));
        if (value != null) {
            cell.setCellValue(value);
        }
    }
}
