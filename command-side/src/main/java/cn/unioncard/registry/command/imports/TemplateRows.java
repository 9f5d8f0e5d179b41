package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.imports.SheetRow.Cell;
import cn.unioncard.registry.events.imports.SheetColumn;

import java.util.List;

/**
 * Recognises the rows the template itself prints under the header (the English hint row and the
 * example row), so a clerk who leaves them in place imports neither a person called "name" nor the
 * made-up example person.
 */
final class TemplateRows {

    private TemplateRows() {
    }

    /** Every non-empty cell is its column's English hint (or field name); empty cells are allowed. */
    static boolean isHintRow(List<SheetColumn> columns, List<Cell> cells) {
        boolean any = false;
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            if (c != null) {
                String k = SheetHeader.key(c.shown());
                if (!k.equals(SheetHeader.key(columns.get(i).hint())) && !k.equals(SheetHeader.key(columns.get(i).field()))) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    /**
     * Every column the sheet has holds exactly its example (compared without spaces, width or case; a
     * column without an example is empty). Date and month columns are not compared: Excel may have
     * turned the example's text into a date shown in the clerk's locale, and the rest identifies it.
     */
    static boolean isExampleRow(List<SheetColumn> columns, boolean[] present, List<Cell> cells) {
        for (int i = 0; i < cells.size(); i++) {
            SheetColumn column = columns.get(i);
            if (!present[i] || column.kind() == SheetColumn.Kind.DATE || column.kind() == SheetColumn.Kind.YEAR_MONTH) {
                continue;
            }
            Cell c = cells.get(i);
            if (!SheetHeader.key(c == null ? null : c.shown()).equals(SheetHeader.key(column.example()))) {
                return false;
            }
        }
        return true;
    }
}
