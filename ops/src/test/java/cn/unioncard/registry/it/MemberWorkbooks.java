package cn.unioncard.registry.it;

import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.testing.MemberData;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Member import files as a clerk's spreadsheet program saves them: the template's header row, then
 * one text row per form, written by POI's streaming writer (a 100,000-row file never sits whole in
 * the test's heap either).
 */
public final class MemberWorkbooks {

    private MemberWorkbooks() {
    }

    /** Rows {@code 0 … rows-1} from {@code person}, as an .xlsx file. */
    public static void write(Path file, int rows, IntFunction<MemberData.Form> person) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, rows, person);
        }
    }

    public static byte[] bytes(int rows, IntFunction<MemberData.Form> person) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, rows, person);
        return out.toByteArray();
    }

    private static void write(OutputStream out, int rows, IntFunction<MemberData.Form> person) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200)) {
            Sheet sheet = wb.createSheet(MemberSheet.SHEET);
            Row header = sheet.createRow(0);
            for (int c = 0; c < MemberSheet.COLUMNS.size(); c++) {
                header.createCell(c).setCellValue(MemberSheet.COLUMNS.get(c).printedHeader());
            }
            for (int r = 0; r < rows; r++) {
                Map<String, Object> values = person.apply(r).json();
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < MemberSheet.COLUMNS.size(); c++) {
                    SheetColumn column = MemberSheet.COLUMNS.get(c);
                    Object v = values.get(column.field());
                    if (v instanceof Boolean b) {
                        row.createCell(c).setCellValue(b ? "是" : "否");
                    } else if (v != null) {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
            wb.dispose();
        }
    }
}
