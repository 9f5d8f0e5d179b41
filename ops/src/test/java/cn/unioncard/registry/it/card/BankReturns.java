package cn.unioncard.registry.it.card;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Multipart;
import cn.unioncard.registry.testing.Today;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The bank's return of the cards it issued, as its card office uploads it: a sheet, the branch and the issue date. */
public final class BankReturns {

    private BankReturns() {
    }

    /** The sheet as the bank writes it: ID number, name, card number, card type, all as text. */
    public static byte[] sheet(List<List<String>> rows) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("回盘");
            List<String> header = List.of("身份证号码", "姓名", "卡号", "卡类型");
            Row h = sheet.createRow(0);
            for (int c = 0; c < header.size(); c++) {
                h.createCell(c).setCellValue(header.get(c));
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads the sheet for the batch, issued today (Xiamen) at {@code branch}. */
    public static Response upload(Api api, String bank, String batch, String branch, byte[] sheet) {
        return Multipart.post(api, "/api/batches/" + batch + "/card-issuance", bank,
                Map.of("branch", branch, "issuedOn", Today.inXiamen().toString()), "file", "bank.xlsx", Multipart.XLSX,
                sheet);
    }
}
