package cn.unioncard.registry.query.template;

import cn.unioncard.registry.events.imports.SpreadsheetText;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Workbook;

import java.util.HashMap;
import java.util.Map;

/**
 * The one way the registry writes text into a workbook, so that no value it writes can run as a
 * formula: text that {@link SpreadsheetText#looksLikeFormula looks like one} goes into a string
 * cell whose style is a quote-prefixed copy of the style asked for (one copy per style). Public for the
 * other capabilities' printed documents (the card application list).
 */
public final class Cells {

    private final Workbook workbook;
    private final Map<Short, CellStyle> quoted = new HashMap<>();

    public Cells(Workbook workbook) {
        this.workbook = workbook;
    }

    /** Writes {@code value} as a string cell at {@code column} of {@code row}; null leaves the cell blank. */
    public Cell text(Row row, int column, String value, CellStyle style) {
        Cell cell = row.getCell(column);
        if (cell == null) {
            cell = row.createCell(column);
        }
        CellStyle base = style != null ? style : workbook.getCellStyleAt(0);
        if (value == null) {
            cell.setBlank();
            cell.setCellStyle(base);
            return cell;
        }
        cell.setCellValue(value);
        cell.setCellStyle(SpreadsheetText.looksLikeFormula(value) ? quotedCopyOf(base) : base);
        return cell;
    }

    private CellStyle quotedCopyOf(CellStyle base) {
        return quoted.computeIfAbsent(base.getIndex(), i -> {
            CellStyle copy = workbook.createCellStyle();
            copy.cloneStyleFrom(base);
            copy.setQuotePrefixed(true);
            return copy;
        });
    }
}
