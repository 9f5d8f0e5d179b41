package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.validation.Violation;
import org.apache.poi.poifs.crypt.temp.SXSSFWorkbookWithCustomZipEntrySource;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An import's report, streamed (SXSSF): every data row as uploaded, in the template's columns and on
 * its own row number, so the union corrects this very file and imports it again; then the result and
 * the messages, each failing cell filled light red with its messages in a comment; and a summary sheet.
 */
final class ImportReport implements AutoCloseable {

    static final String RESULT = "导入结果";
    static final String MESSAGES = "错误信息";
    static final String SUMMARY = "汇总";
    /**
     * SXSSF keeps comments in memory (rows stream to disk, their drawing does not): past this many the
     * failing cells are still highlighted and their messages are in the message column, without a comment.
     */
    static final int MAX_COMMENTS = 5_000;

    // The rows SXSSF flushes to temp files, and the package it assembles, are AES-encrypted under a key
    // that lives only in memory: a report holds personal data and must not sit on disk in clear.
    private final SXSSFWorkbook workbook = new SXSSFWorkbookWithCustomZipEntrySource();
    private final ReportStyles styles;
    private final ImportKind kind;
    private final Sheet sheet;
    private final Drawing<?> drawing;
    private final Map<String, Integer> columnOf = new LinkedHashMap<>();
    private int lastRow;
    private int comments;

    ImportReport(ImportKind kind) {
        this.styles = new ReportStyles(workbook);
        this.kind = kind;
        this.sheet = workbook.createSheet(kind.sheet());
        this.drawing = sheet.createDrawingPatriarch();
        List<SheetColumn> columns = kind.columns();
        Row header = sheet.createRow(0);
        for (int i = 0; i < columns.size(); i++) {
            columnOf.put(columns.get(i).field(), i);
            styles.text(header.createCell(i), columns.get(i).printedHeader(), ReportStyles.Look.HEADER);
            sheet.setColumnWidth(i, Math.min(255, columns.get(i).width() + 2) * 256);
        }
        styles.text(header.createCell(columns.size()), RESULT, ReportStyles.Look.HEADER);
        styles.text(header.createCell(columns.size() + 1), MESSAGES, ReportStyles.Look.HEADER);
        sheet.setColumnWidth(columns.size(), 12 * 256);
        sheet.setColumnWidth(columns.size() + 1, 60 * 256);
        sheet.createFreezePane(0, 1);
    }

    /** One data row, as uploaded, with its outcome (null if it has none). Rows come in sheet order. */
    void row(SheetRow uploaded, ImportedRow result) {
        if (uploaded.row() <= Math.max(1, lastRow)) {
            throw new IllegalArgumentException("report rows must come in sheet order after the header");
        }
        lastRow = uploaded.row();
        Row row = sheet.createRow(uploaded.row() - 1);
        Map<Integer, List<Violation>> failing = result == null ? Map.of() : result.problems().stream()
                .filter(p -> columnOf.containsKey(p.field()))
                .collect(Collectors.groupingBy(p -> columnOf.get(p.field()), LinkedHashMap::new, Collectors.toList()));
        List<SheetRow.Cell> cells = uploaded.cells();
        for (int i = 0; i < kind.columns().size(); i++) {
            SheetRow.Cell cell = i < cells.size() ? cells.get(i) : null;
            String shown = cell == null ? null : cell.kind() == SheetRow.Cell.Kind.DATE ? isoDate(cell) : cell.shown();
            List<Violation> problems = failing.get(i);
            if (shown == null && problems == null) {
                continue;
            }
            Cell c = row.createCell(i);
            styles.text(c, shown, problems == null ? ReportStyles.Look.PLAIN : ReportStyles.Look.FAILING);
            if (problems != null && comments < MAX_COMMENTS) {
                comments++;
                comment(c, problems);
            }
        }
        if (result != null) {
            styles.text(row.createCell(kind.columns().size()), result.result().label(), ReportStyles.Look.PLAIN);
            String messages = result.problems().stream().map(Violation::zh).collect(Collectors.joining("；"));
            if (!messages.isEmpty()) {
                styles.text(row.createCell(kind.columns().size() + 1), messages, ReportStyles.Look.PLAIN);
            }
        }
    }

    /** The summary sheet: the file, its hash, the counts and when the job ran. */
    void summary(String fileName, String sha256, int total, int accepted, int duplicates, int rejected,
                 Instant started, Instant finished) {
        Sheet summary = workbook.createSheet(SUMMARY);
        summary.setColumnWidth(0, 14 * 256);
        summary.setColumnWidth(1, 70 * 256);
        Object[][] lines = {{"文件名", fileName}, {"SHA-256", sha256}, {"数据行数", total}, {"导入成功", accepted},
                {"重复", duplicates}, {"有错误", rejected}, {"开始时间", String.valueOf(started)},
                {"完成时间", String.valueOf(finished)}};
        for (int i = 0; i < lines.length; i++) {
            Row row = summary.createRow(i);
            styles.text(row.createCell(0), (String) lines[i][0], ReportStyles.Look.HEADER);
            if (lines[i][1] instanceof Integer n) {
                row.createCell(1).setCellValue(n);
            } else {
                styles.text(row.createCell(1), (String) lines[i][1], ReportStyles.Look.PLAIN);
            }
        }
    }

    void write(OutputStream out) throws IOException {
        workbook.write(out);
    }

    @Override
    public void close() throws IOException {
        workbook.close();
    }

    /**
     * A date cell as yyyy-MM-dd: what it shows depends on the format and the reader's locale (format 14,
     * m/d/yy, shows 8/17/36 here), and the report goes back in as text.
     */
    private static String isoDate(SheetRow.Cell cell) {
        var day = DateUtil.getLocalDateTime(Double.parseDouble(cell.text()), false);
        return day == null ? cell.shown() : day.toLocalDate().toString();
    }

    private void comment(Cell cell, List<Violation> problems) {
        // Anchored on the cell itself: POI files a comment under its anchor's top-left cell first.
        ClientAnchor anchor = workbook.getCreationHelper().createClientAnchor();
        anchor.setCol1(cell.getColumnIndex());
        anchor.setCol2(cell.getColumnIndex() + 3);
        anchor.setRow1(cell.getRowIndex());
        anchor.setRow2(cell.getRowIndex() + 3);
        Comment comment = drawing.createCellComment(anchor);
        comment.setString(workbook.getCreationHelper().createRichTextString(
                problems.stream().map(Violation::zh).collect(Collectors.joining("\n"))));
        comment.setAuthor("registry");
        cell.setCellComment(comment);
    }
}
