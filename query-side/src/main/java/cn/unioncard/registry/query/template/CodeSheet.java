package cn.unioncard.registry.query.template;

import cn.unioncard.registry.events.codes.CodeTables;
import cn.unioncard.registry.events.imports.SheetColumn;
import org.apache.poi.ss.SpreadsheetVersion;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellReference;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hidden, protected sheet the drop-downs list from, one column and one workbook name per list:
 * a list in a sheet has no length limit (an inline list stops at 255 characters) and names keep the
 * validations readable. Code entries read "code label" ({@code 01 汉}), the form the registry's code
 * lookup accepts as typed.
 */
final class CodeSheet {

    static final String SHEET = "代码表";
    static final String YES_NO = "是否";
    static final String LONG_TERM = "长期";
    static final String NOT_INSURED = "未参加";

    private final Workbook workbook;
    private final Cells cells;
    private final Sheet sheet;
    private final Map<String, String> names = new LinkedHashMap<>();

    CodeSheet(Workbook workbook, Cells cells) {
        this.workbook = workbook;
        this.cells = cells;
        this.sheet = workbook.createSheet(SHEET);
    }

    /** The workbook name of the list a column's drop-down offers, or null when it has none. */
    String listFor(SheetColumn column) {
        return switch (column.kind()) {
            case CODE -> list("codes_" + column.codeTable().replace('-', '_'), entries(column.codeTable()));
            case YES_NO -> list("yes_no", List.of("是", "否"));
            case DATE_OR_LONG_TERM -> list("long_term", List.of(LONG_TERM));
            case YEAR_MONTH_OR_NOT_INSURED -> list("not_insured", List.of(NOT_INSURED));
            default -> null;
        };
    }

    /** The drop-down entries of a code table: "code label". */
    static List<String> entries(String table) {
        return CodeTables.table(table).orElseThrow(() -> new IllegalArgumentException("no code table " + table))
                .stream().map(e -> e.code() + " " + e.label()).toList();
    }

    /** Hides the sheet from the tabs and protects it, so clerks see and change only the drop-downs. */
    void seal() {
        for (int c = 0; c < names.size(); c++) {
            sheet.setColumnWidth(c, 30 * 256);
        }
        workbook.setSheetVisibility(workbook.getSheetIndex(sheet), SheetVisibility.VERY_HIDDEN);
        // Nobody needs to unprotect it: a random password, never kept.
        byte[] password = new byte[12];
        new SecureRandom().nextBytes(password);
        sheet.protectSheet(HexFormat.of().formatHex(password));
    }

    private String list(String name, List<String> values) {
        return names.computeIfAbsent(name, n -> {
            int column = names.size();
            Row header = row(0);
            cells.text(header, column, n, null);
            for (int i = 0; i < values.size(); i++) {
                cells.text(row(i + 1), column, values.get(i), null);
            }
            Name defined = workbook.createName();
            defined.setNameName(n);
            defined.setRefersToFormula(new AreaReference(new CellReference(SHEET, 1, column, true, true),
                    new CellReference(SHEET, values.size(), column, true, true), SpreadsheetVersion.EXCEL2007)
                    .formatAsString());
            return n;
        });
    }

    private Row row(int index) {
        Row row = sheet.getRow(index);
        return row != null ? row : sheet.createRow(index);
    }
}
