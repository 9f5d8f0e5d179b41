package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.query.template.Cells;
import cn.unioncard.registry.query.template.PrintStyles;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit workbench's sheets: streamed (SXSSF, rows flushed to compressed temp files, deleted after),
 * a title, a line under it, the column headings and the rows, in the registry's print styles.
 */
final class AuditSheets implements AutoCloseable {

    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    /** Rows 0 and 1 are the title and the line under it, row 2 the headings; data starts on row 3. */
    static final int FIRST_DATA_ROW = 3;

    private final SXSSFWorkbook workbook = new SXSSFWorkbook(200);
    private final Cells cells = new Cells(workbook);
    private final CellStyle title;
    private final CellStyle heading;
    private final CellStyle body;

    AuditSheets() {
        workbook.setCompressTempFiles(true);
        title = PrintStyles.of(workbook, 14, true, HorizontalAlignment.LEFT, false);
        heading = PrintStyles.of(workbook, 10, true, HorizontalAlignment.CENTER, true);
        body = PrintStyles.of(workbook, 10, false, HorizontalAlignment.LEFT, true);
    }

    /** A sheet whose rows {@code rows} fills through the writer it is given, one list of texts per row. */
    void sheet(String name, String titleText, String line, List<String> headings, int[] widths,
               Consumer<Consumer<List<String>>> rows) {
        Sheet sheet = workbook.createSheet(name);
        cells.text(sheet.createRow(0), 0, titleText, title);
        cells.text(sheet.createRow(1), 0, line, null);
        Row head = sheet.createRow(2);
        for (int i = 0; i < headings.size(); i++) {
            cells.text(head, i, headings.get(i), heading);
            sheet.setColumnWidth(i, widths[i] * 256);
        }
        PrintStyles.pageSetUp(sheet, true, 2);
        int[] next = {FIRST_DATA_ROW};
        rows.accept(values -> {
            Row row = sheet.createRow(next[0]++);
            for (int i = 0; i < values.size(); i++) {
                cells.text(row, i, values.get(i), body);
            }
        });
    }

    byte[] bytes() {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        workbook.dispose();
        try {
            workbook.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The download: an ASCII file name and the Chinese one (RFC 6266). */
    static ResponseEntity<byte[]> download(byte[] bytes, String asciiName, String chineseName) {
        String encoded = URLEncoder.encode(chineseName + ".xlsx", StandardCharsets.UTF_8).replace("+", "%20");
        return ResponseEntity.ok().contentType(XLSX).contentLength(bytes.length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + asciiName + ".xlsx\"; filename*=UTF-8''" + encoded)
                .body(bytes);
    }
}
