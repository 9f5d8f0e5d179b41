package cn.unioncard.registry.command.imports;

import java.util.List;

/**
 * One data row of an uploaded sheet, as the clerk left it: its row number as Excel shows it and one
 * cell per template column (in {@code ImportKind.columns()} order, null where the column is empty or absent).
 */
record SheetRow(int row, List<Cell> cells) {

    /**
     * A cell as stored: {@code text} is what the file holds as text (a number's exact decimal digits, a
     * date serial's number in the 1900 date system), {@code shown} what Excel/WPS displays, {@code kind} how the file stored it.
     */
    record Cell(Kind kind, String text, String shown) {
        enum Kind { TEXT, NUMBER, DATE, BOOLEAN, FORMULA, ERROR }
    }
}
