package cn.unioncard.registry.command.imports;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The byte scan finds the dimension's last row and the merged regions, wherever the 64 KiB blocks cut the tags. */
class SheetScanTest {

    private static SheetScan.Result scan(String xml) throws IOException {
        return SheetScan.of(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static String rows(int n) {
        StringBuilder b = new StringBuilder();
        for (int r = 1; r <= n; r++) {
            b.append("<row r=\"").append(r).append("\"><c r=\"A").append(r).append("\" t=\"inlineStr\"><is><t>")
                    .append("&lt;mergeCell ref=\"A1:A9\"/&gt; 姓名").append(r).append("</t></is></c></row>");
        }
        return b.toString();
    }

    @Test
    void the_dimension_and_every_region_taller_than_a_row_are_found_across_block_boundaries() throws IOException {
        StringBuilder merges = new StringBuilder("<mergeCells count=\"300\">");
        for (int i = 0; i < 300; i++) {
            merges.append("<mergeCell ref=\"V").append(2 + i * 3).append(":V").append(4 + i * 3).append("\"/>");
        }
        merges.append("<mergeCell ref=\"B7:C7\"/></mergeCells>");
        String xml = "<worksheet xmlns=\"x\"><dimension ref=\"A1:W5000\"/><sheetData>" + rows(5000) + "</sheetData>"
                + merges + "</worksheet>";

        SheetScan.Result r = scan(xml);

        assertThat(xml.length()).as("spans many blocks").isGreaterThan(4 * 65_536);
        assertThat(r.lastRow()).isEqualTo(5000);
        assertThat(r.merges()).as("escaped text is no tag; a one-row region fills nothing").hasSize(300);
        assertThat(r.merges().get(0)).isEqualTo(new SheetScan.Merge(2, 21, 4));
        assertThat(r.merges().get(299)).isEqualTo(new SheetScan.Merge(899, 21, 901));
    }

    @Test
    void a_prefixed_sheet_is_scanned_and_a_sheet_without_a_dimension_says_so() throws IOException {
        SheetScan.Result prefixed = scan("<x:worksheet><x:dimension ref=\"A1:C12\"/><x:sheetData/>"
                + "<x:mergeCells><x:mergeCell ref=\"AB3:AB5\"/></x:mergeCells></x:worksheet>");
        assertThat(prefixed.lastRow()).isEqualTo(12);
        assertThat(prefixed.merges()).containsExactly(new SheetScan.Merge(3, 27, 5));
        assertThat(scan("<worksheet><sheetData/></worksheet>").lastRow()).isEqualTo(-1);
    }
}
