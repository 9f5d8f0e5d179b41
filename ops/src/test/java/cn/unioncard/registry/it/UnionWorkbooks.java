package cn.unioncard.registry.it;

import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.imports.UnionSheet;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Union import files (附件2) as a district's clerk saves them: the template's header row, then one
 * text row per form, from the same request bodies the typed path takes ({@link Forms}).
 */
public final class UnionWorkbooks {

    private UnionWorkbooks() {
    }

    public static byte[] bytes(List<Map<String, Object>> forms) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = wb.createSheet(UnionSheet.SHEET);
            Row header = sheet.createRow(0);
            for (int c = 0; c < UnionSheet.COLUMNS.size(); c++) {
                header.createCell(c).setCellValue(UnionSheet.COLUMNS.get(c).printedHeader());
            }
            for (int r = 0; r < forms.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < UnionSheet.COLUMNS.size(); c++) {
                    SheetColumn column = UnionSheet.COLUMNS.get(c);
                    Object v = forms.get(r).get(column.field());
                    if (v instanceof Boolean b) {
                        row.createCell(c).setCellValue(b ? "是" : "否");
                    } else if (v != null) {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }
}
