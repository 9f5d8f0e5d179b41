package cn.unioncard.registry.command.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One quick look at a sheet's XML as bytes, without parsing it: the last row its {@code <dimension>}
 * names (written first by Excel, WPS, LibreOffice and POI) and its merged regions (written after the
 * rows). A fraction of a SAX pass, so a job knows how many rows to expect and which cells merges fill
 * before its one reading pass. (A {@code <} in cell text is escaped; a comment or CDATA could still hold
 * a fake tag, which only misfills the uploader's own rows.)
 */
final class SheetScan {

    private static final Pattern DIMENSION = Pattern.compile(
            "<(?:\\w+:)?dimension\\s+ref=\"[A-Z]{0,3}\\d{0,7}:?[A-Z]{1,3}(\\d{1,7})\"");
    private static final Pattern MERGE = Pattern.compile(
            "<(?:\\w+:)?mergeCell\\s+ref=\"([A-Z]{1,3})(\\d{1,7}):([A-Z]{1,3})(\\d{1,7})\"");
    /** More merged regions than any clerk's sheet has; the rest are not filled (a crafted file's cost stays bounded). */
    static final int MAX_MERGES = 10_000;
    private static final int BLOCK = 1 << 16;
    private static final int OVERLAP = 256; // longer than any tag looked for

    /** A region merged over rows {@code firstRow}..{@code lastRow} (1-based), its value in {@code column}. */
    record Merge(int firstRow, int column, int lastRow) {
    }

    /** {@code lastRow}: 1-based, or -1 when the sheet names none. */
    record Result(int lastRow, List<Merge> merges) {
    }

    private SheetScan() {
    }

    static Result of(InputStream sheet) throws IOException {
        byte[] buffer = new byte[BLOCK + OVERLAP];
        int kept = 0;
        int lastRow = -1;
        boolean first = true;
        List<Merge> merges = new ArrayList<>();
        for (int n; (n = sheet.readNBytes(buffer, kept, BLOCK)) > 0; ) {
            // ISO-8859-1: one char per byte, and the tags are ASCII
            String text = new String(buffer, 0, kept + n, StandardCharsets.ISO_8859_1);
            if (first) {
                Matcher d = DIMENSION.matcher(text);
                if (d.find()) {
                    lastRow = Integer.parseInt(d.group(1));
                }
                first = false;
            }
            Matcher m = MERGE.matcher(text);
            while (m.find()) {
                if (m.end() > kept && merges.size() < MAX_MERGES) { // not seen in the overlap before
                    int top = Integer.parseInt(m.group(2));
                    int bottom = Integer.parseInt(m.group(4));
                    if (bottom > top) {
                        merges.add(new Merge(top, SheetXml.columnOf(m.group(1)), bottom));
                    }
                }
            }
            int length = kept + n;
            kept = Math.min(OVERLAP, length);
            System.arraycopy(buffer, length - kept, buffer, 0, kept); // the tail, for a tag cut in two
        }
        return new Result(lastRow, List.copyOf(merges));
    }
}
