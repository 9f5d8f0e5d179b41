package cn.unioncard.registry.query.template;

import cn.unioncard.registry.events.codes.CodeTables;
import cn.unioncard.registry.events.imports.SheetColumn;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 填写说明 sheet: the seed's rules in its own words, then every code table the template's
 * drop-downs use as a readable code/name table, so a clerk can fill the sheet without the paper form.
 */
final class Instructions {

    static final String SHEET = "填写说明";
    private static final int[] WIDTHS = {10, 40, 20, 20, 20, 20};
    private static final int LINE_CHARACTERS = 110;

    private Instructions() {
    }

    static void write(Workbook workbook, Cells cells, String title, List<String> rules, List<SheetColumn> columns) {
        Sheet sheet = workbook.createSheet(SHEET);
        for (int c = 0; c < WIDTHS.length; c++) {
            sheet.setColumnWidth(c, WIDTHS[c] * 256);
        }
        CellStyle wrapped = workbook.createCellStyle();
        wrapped.setWrapText(true);
        wrapped.setVerticalAlignment(VerticalAlignment.TOP);
        CellStyle heading = bold(workbook, 14);
        CellStyle tableTitle = bold(workbook, 11);
        CellStyle boxed = boxed(workbook, null);
        CellStyle boxedHeader = boxed(workbook, bold(workbook, 11));

        int r = 0;
        cells.text(sheet.createRow(r++), 0, title, heading);
        for (int i = 0; i < rules.size(); i++) {
            String rule = (i + 1) + ". " + rules.get(i);
            Row row = sheet.createRow(r);
            cells.text(row, 0, rule, wrapped);
            sheet.addMergedRegion(new CellRangeAddress(r, r, 0, WIDTHS.length - 1));
            int lines = Math.max(1, (ImportTemplate.displayWidth(rule) + LINE_CHARACTERS - 1) / LINE_CHARACTERS);
            row.setHeightInPoints(16f * lines);
            r++;
        }
        r++;
        cells.text(sheet.createRow(r++), 0, "代码表（下拉列表中的“代码 名称”，也可只填代码或名称）", heading);
        for (Map.Entry<String, String> table : tablesUsed(columns).entrySet()) {
            r++;
            cells.text(sheet.createRow(r++), 0, table.getValue(), tableTitle);
            Row head = sheet.createRow(r++);
            cells.text(head, 0, "代码", boxedHeader);
            cells.text(head, 1, "名称", boxedHeader);
            for (CodeTables.Entry e : CodeTables.table(table.getKey()).orElseThrow()) {
                Row row = sheet.createRow(r++);
                cells.text(row, 0, e.code(), boxed);
                cells.text(row, 1, e.label(), boxed);
            }
        }
        ImportTemplate.printAcross(sheet, false);
    }

    /** The code tables the columns use, in column order, each titled by the first column that uses it. */
    static Map<String, String> tablesUsed(List<SheetColumn> columns) {
        Map<String, String> tables = new LinkedHashMap<>();
        for (SheetColumn c : columns) {
            if (c.codeTable() != null) {
                tables.putIfAbsent(c.codeTable(), c.header() + "（" + c.hint() + "）");
            }
        }
        return tables;
    }

    private static CellStyle bold(Workbook workbook, int points) {
        Font font = workbook.createFont();
        font.setBold(true);
        font.setFontHeightInPoints((short) points);
        CellStyle style = workbook.createCellStyle();
        style.setFont(font);
        return style;
    }

    private static CellStyle boxed(Workbook workbook, CellStyle base) {
        CellStyle style = workbook.createCellStyle();
        if (base != null) {
            style.cloneStyleFrom(base);
        }
        style.setBorderTop(BorderStyle.THIN);
        style.setBorderBottom(BorderStyle.THIN);
        style.setBorderLeft(BorderStyle.THIN);
        style.setBorderRight(BorderStyle.THIN);
        return style;
    }
}
