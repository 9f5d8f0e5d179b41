package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.testing.MemberData;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Member import files as a clerk fills the template: the header row, then one text row per person. */
final class MemberFiles {

    private MemberFiles() {
    }

    /** The people {@code from} .. {@code from + count - 1} of {@link MemberData#numbered}. */
    static byte[] numbered(int from, int count) {
        List<SheetColumn> columns = MemberSheet.COLUMNS;
        try (SXSSFWorkbook book = new SXSSFWorkbook(100); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet(MemberSheet.SHEET);
            Row header = sheet.createRow(0);
            for (int i = 0; i < columns.size(); i++) {
                header.createCell(i).setCellValue(columns.get(i).printedHeader());
            }
            for (int n = 0; n < count; n++) {
                MemberData.Form f = MemberData.numbered(from + n);
                Object[] values = {f.name, f.idType, f.idNumber, f.idExpiry, f.ethnicGroup, f.politicalStatus,
                        f.education, f.nationality, f.titleLevel, f.mobile, f.householdProvince, f.householdCity,
                        f.contactAddress, f.workStart, f.unionJoin, f.socialInsuranceStart, f.ruralHousehold,
                        f.labourDispatch, f.labourContract, f.occupation, f.cardType, f.employerName, f.filledOn};
                Row row = sheet.createRow(n + 1);
                for (int i = 0; i < values.length; i++) {
                    Object v = values[i];
                    if (v != null) {
                        row.createCell(i).setCellValue(v instanceof Boolean b ? (b ? "是" : "否") : v.toString());
                    }
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
