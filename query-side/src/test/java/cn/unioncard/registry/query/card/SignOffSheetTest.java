package cn.unioncard.registry.query.card;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class SignOffSheetTest {

    static final String HASH = "5be0c1d2e3f4a5b6c7d8e9f0" + "1".repeat(40);

    static SignOffSheet sheet(String batchId, List<SignOffSheet.Line> lines) {
        return new SignOffSheet("厦门鹭江卡务有限公司工会", "0100001", batchId, HASH, lines);
    }

    static SignOffSheet.Line line(int n, String card) {
        return new SignOffSheet.Line("m-" + n, card, "会员" + n, "350213********1054", "**** 5432");
    }

    @Test
    void the_card_number_shows_only_its_last_four_digits_and_an_erased_one_stays_erased() {
        assertThat(SignOffSheet.tail("6222 **** **** 1234")).isEqualTo("**** 1234");
        assertThat(SignOffSheet.tail("已删除")).isEqualTo("已删除");
        assertThat(SignOffSheet.tail(null)).isNull();
    }

    @Test
    void the_footer_names_the_page_the_batch_and_a_hash_that_changes_with_any_card_on_the_sheet() {
        SignOffSheet one = sheet("b-1&2", List.of(line(1, "c-1"), line(2, "c-2")));
        assertThat(one.footer()).matches("第 &P 页 共 &N 页 · 批次 b-1&&2 · [0-9a-f]{12}");
        assertThat(sheet("b-1&2", List.of(line(2, "c-2"), line(1, "c-1"))).hashPrefix())
                .as("the order of the lines does not matter").isEqualTo(one.hashPrefix());
        assertThat(sheet("b-1&2", List.of(line(1, "c-1"), line(2, "c-9"))).hashPrefix()).isNotEqualTo(one.hashPrefix());
        assertThat(sheet("b-1&2", List.of(line(1, "c-1"))).hashPrefix()).isNotEqualTo(one.hashPrefix());
    }

    @Test
    void a_sheet_of_five_thousand_holders_numbers_every_line_and_repeats_its_headings_on_every_page()
            throws IOException {
        List<SignOffSheet.Line> lines = IntStream.rangeClosed(1, 5_000).mapToObj(n -> line(n, "c-" + n)).toList();
        sheet("b-0", lines.subList(0, 10)).workbook(); // POI's classes loaded, as in a running registry
        long started = System.nanoTime();
        SignOffSheet sheet = sheet("b-1", lines);
        long sorted = System.nanoTime();
        byte[] bytes = sheet.workbook();
        long written = System.nanoTime();
        System.out.printf("SignOffSheetTest: 5,000 lines sorted in %d ms, written in %d ms, %d bytes%n",
                (sorted - started) / 1_000_000, (written - sorted) / 1_000_000, bytes.length);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            XSSFSheet s = workbook.getSheetAt(0);
            DataFormatter f = new DataFormatter();
            assertThat(f.formatCellValue(s.getRow(4).getCell(0))).isEqualTo("1");
            assertThat(f.formatCellValue(s.getRow(4 + 4_999).getCell(0))).isEqualTo("5000");
            assertThat(s.getRepeatingRows().formatAsString()).isEqualTo("4:4");
            assertThat(s.getPrintSetup().getPaperSize()).isEqualTo((short) 9); // A4
            assertThat(f.formatCellValue(s.getRow(s.getLastRowNum()).getCell(0))).startsWith("经办银行签收");
        }
    }
}
