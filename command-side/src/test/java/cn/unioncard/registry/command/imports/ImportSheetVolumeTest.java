package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.member.MemberForm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.BufferedOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streams a generated member file as an import reads it (count, then every row into a form) and
 * prints rows/s and the peak heap. The suite runs 10,000 rows; for the 100,000-row figure run
 * {@code -Dimport.volume.rows=100000 -DargLine=-Xmx512m} by hand.
 */
class ImportSheetVolumeTest {

    private static final List<SheetColumn> COLUMNS = MemberSheet.COLUMNS;

    @Test
    void a_large_member_file_streams_every_row_into_a_form_in_bounded_heap(@TempDir Path dir) throws IOException {
        measure(Integer.getInteger("import.volume.rows", 10_000), dir);
    }

    /** Also run by hand from a main with {@code -Xmx512m} and a profiler. */
    static void measure(int rows, Path dir) throws IOException {
        Path file = dir.resolve("members.xlsx");
        long written = System.nanoTime();
        write(file, rows);
        written = System.nanoTime() - written;

        System.gc();
        resetPeaks();
        var threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        AtomicInteger read = new AtomicInteger();
        AtomicInteger problems = new AtomicInteger();
        int counted;
        long opened;
        long countedAt;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
             ImportSheet sheet = ImportSheet.open(in, ImportKind.MEMBERS)) {
            opened = System.nanoTime();
            counted = sheet.countRows();
            countedAt = System.nanoTime();
            sheet.forEachRow(0, row -> {
                ReadRow<MemberForm> r = MemberRows.read(row);
                read.incrementAndGet();
                problems.addAndGet(r.cellProblems().size());
            });
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
        System.out.printf("import volume: %.2f s of this thread's CPU = %.0f rows per CPU second%n", cpuSeconds,
                rows / cpuSeconds);
        System.out.printf("import volume: open %.2f s, count %.2f s, read into forms %.2f s%n", (opened - start) / 1e9,
                (countedAt - opened) / 1e9, (System.nanoTime() - countedAt) / 1e9);
        System.out.printf("import volume: %d rows (%d MB file, written in %.1f s) counted and read in %.2f s = %.0f rows/s;"
                        + " peak heap %d MB of max %d MB%n", rows, Files.size(file) >> 20, written / 1e9, seconds,
                rows / seconds, peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        assertThat(counted).isEqualTo(rows);
        assertThat(read.get()).isEqualTo(rows);
        assertThat(problems.get()).isZero();
    }

    /**
     * A file as Excel writes it (every text in the shared strings, one style), zipped by hand: POI's
     * own writer needs a minute for 100,000 rows of shared strings on this machine.
     */
    static void write(Path file, int rows) throws IOException {
        Map<String, Integer> shared = new LinkedHashMap<>();
        try (ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\""
                    + "http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" "
                    + "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" "
                    + "ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\""
                    + "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override "
                    + "PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument."
                    + "spreadsheetml.worksheet+xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\""
                    + "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/></Types>");
            entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\""
                    + "http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\""
                    + "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
                    + "Target=\"xl/workbook.xml\"/></Relationships>");
            entry(zip, "xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\""
                    + "http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\""
                    + MemberSheet.SHEET + "\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
            entry(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
                    + "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" "
                    + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" "
                    + "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats."
                    + "org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            Writer w = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
            for (int r = 0; r <= rows; r++) {
                w.write("<row r=\"" + (r + 1) + "\">");
                for (int c = 0; c < COLUMNS.size(); c++) {
                    SheetColumn column = COLUMNS.get(c);
                    String v = r == 0 ? column.printedHeader() : value(column, r);
                    if (v != null) {
                        int index = shared.computeIfAbsent(v, k -> shared.size());
                        w.write("<c r=\"" + SheetXml.letters(c) + (r + 1) + "\" t=\"s\"><v>" + index + "</v></c>");
                    }
                }
                w.write("</row>");
            }
            w.write("</sheetData></worksheet>");
            w.flush();
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\""
                    + "http://schemas.openxmlformats.org/spreadsheetml/2006/main\" uniqueCount=\"" + shared.size() + "\">");
            for (String v : shared.keySet()) {
                w.write("<si><t>" + v + "</t></si>");
            }
            w.write("</sst>");
            w.flush();
            zip.closeEntry();
        }
    }

    private static void entry(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(xml.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    private static String value(SheetColumn column, int r) {
        return switch (column.field()) {
            case "name" -> "会员" + r;
            case "idNumber" -> String.format("1101051990%08d", r);
            case "mobile" -> String.valueOf(13800000000L + r);
            case "contactAddress" -> "福建省厦门市思明区湖滨北路" + r + "号";
            default -> column.example();
        };
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
