package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.SheetColumn;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes test workbooks with POI the way Excel/WPS store what a clerk typed: text, numbers, dates
 * (date-formatted serials), booleans, error values and formulas with their cached result.
 */
final class Sheets {

    /** A cell holding an error value such as #N/A. */
    record Error(FormulaError error) {
    }

    /** A formula cell; the workbook is evaluated before saving so its result is cached. */
    record Formula(String formula) {
    }

    private final XSSFWorkbook book = new XSSFWorkbook();
    private final Sheet sheet;
    private final CellStyle dateStyle;
    private int next;

    Sheets(String sheetName) {
        sheet = book.createSheet(sheetName);
        dateStyle = book.createCellStyle();
        dateStyle.setDataFormat(book.createDataFormat().getFormat("yyyy-mm-dd"));
    }

    /** The template's three opening rows: printed headers, English hints, the example. */
    static Sheets template(String sheetName, List<SheetColumn> columns) {
        Sheets s = new Sheets(sheetName);
        s.row(columns.stream().map(c -> (Object) c.printedHeader()).toList());
        s.row(columns.stream().map(c -> (Object) c.hint()).toList());
        s.row(columns.stream().map(c -> (Object) c.example()).toList());
        return s;
    }

    /** One row of values in column order (null leaves the cell out); returns its Excel row number. */
    int row(List<?> values) {
        Row r = sheet.createRow(next++);
        for (int i = 0; i < values.size(); i++) {
            set(r, i, values.get(i));
        }
        return next;
    }

    /** A row of {@code columns}' examples with some fields replaced. */
    static List<Object> person(List<SheetColumn> columns, Map<String, Object> changes) {
        List<Object> values = new ArrayList<>();
        for (SheetColumn c : columns) {
            values.add(changes.containsKey(c.field()) ? changes.get(c.field()) : c.example());
        }
        return values;
    }

    static Map<String, Object> with(Object... fieldsAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            m.put((String) fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return m;
    }

    Sheets skipRows(int n) {
        next += n;
        return this;
    }

    Sheet sheet() {
        return sheet;
    }

    Workbook book() {
        return book;
    }

    Sheets also(Consumer<Sheets> change) {
        change.accept(this);
        return this;
    }

    byte[] bytes() {
        book.getCreationHelper().createFormulaEvaluator().evaluateAll();
        try (book; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void set(Row r, int i, Object v) {
        if (v == null) {
            return;
        }
        var cell = r.createCell(i);
        if (v instanceof String s) {
            cell.setCellValue(s);
        } else if (v instanceof Number n) {
            cell.setCellValue(n.doubleValue());
        } else if (v instanceof Boolean b) {
            cell.setCellValue(b);
        } else if (v instanceof LocalDate d) {
            cell.setCellValue(d);
            cell.setCellStyle(dateStyle);
        } else if (v instanceof Error e) {
            cell.setCellErrorValue(e.error().getCode());
        } else if (v instanceof Formula f) {
            cell.setCellFormula(f.formula());
        } else {
            throw new IllegalArgumentException(v.getClass().getName());
        }
    }
}
