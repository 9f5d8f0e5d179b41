package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.validation.Violation;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A filled member template streamed as the import reads it, for readers outside the import (the offline
 * report tool): each data row's cells as column field → text, read exactly as an upload's would be.
 */
public final class MemberSheetRows {

    /** One data row: its number as Excel shows it, its non-empty cells, and the cells that could not be read. */
    public record Row(int row, Map<String, String> cells, List<Violation> problems) {
    }

    private static final Map<String, Integer> INDEX = RowReader.indexOf(MemberSheet.COLUMNS);

    private MemberSheetRows() {
    }

    /** Opens and checks the workbook as an upload is checked (refusals as problems), then streams its rows. */
    public static void read(InputStream xlsx, Consumer<Row> action) {
        try (ImportSheet sheet = ImportSheet.open(xlsx, ImportKind.MEMBERS)) {
            sheet.forEachRow(0, row -> {
                RowReader reader = new RowReader(MemberSheet.COLUMNS, INDEX, row);
                Map<String, String> cells = new LinkedHashMap<>();
                for (SheetColumn c : MemberSheet.COLUMNS) {
                    String text = reader.string(c.field());
                    if (text != null) {
                        cells.put(c.field(), text);
                    }
                }
                action.accept(new Row(row.row(), cells, reader.problems().list()));
            });
        }
    }
}
