package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.codes.IdType;
import cn.unioncard.registry.events.codes.Nationality;
import cn.unioncard.registry.events.codes.Occupation;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.query.template.Cells;
import cn.unioncard.registry.query.template.PrintStyles;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The 批量办理借记卡明细清单 as a printable .xlsx: A4 landscape, one page wide, the column headings on
 * every page and a footer naming the page, the batch and its hash prefix on every page, so a stamp
 * across the pages (骑缝章) binds a known document. XSSF: 5,000 rows fit in memory.
 */
final class CardApplicationListWorkbook {

    static final String TITLE = "批量办理借记卡明细清单";
    static final List<String> HEADINGS = List.of("序号", "姓名", "证件类型", "证件号码", "证件有效期", "国籍", "职业",
            "手机号码", "联系地址", "工作单位", "办卡类型", "借贷合一卡资格审核");
    /** The member fields the list shows, as the access record names them. */
    static final List<String> FIELDS = List.of("name", "idType", "idNumber", "idExpiry", "nationality", "occupation",
            "mobile", "contactAddress", "employerName", "cardType");
    /** The row of the column headings (0-based), repeated at the top of every printed page. */
    static final int HEADING_ROW = 3;
    static final String DEBIT_CREDIT_MARK = "需审核";
    private static final int[] WIDTHS = {6, 10, 9, 21, 12, 7, 12, 13, 30, 24, 11, 18};

    private final XSSFWorkbook workbook = new XSSFWorkbook();
    private final Cells cells = new Cells(workbook);
    private final Sheet sheet = workbook.createSheet(TITLE);
    private final CellStyle title = style(16, true, HorizontalAlignment.CENTER, false);
    private final CellStyle plain = style(10, false, HorizontalAlignment.LEFT, false);
    private final CellStyle heading = style(10, true, HorizontalAlignment.CENTER, true);
    private final CellStyle cell = style(10, false, HorizontalAlignment.LEFT, true);
    private final CellStyle centred = style(10, false, HorizontalAlignment.CENTER, true);
    private final CellStyle signature = style(12, false, HorizontalAlignment.LEFT, false);
    private int next;

    private CardApplicationListWorkbook() {
        for (int c = 0; c < WIDTHS.length; c++) {
            sheet.setColumnWidth(c, WIDTHS[c] * 256);
        }
    }

    static byte[] of(CardApplicationList list) {
        return new CardApplicationListWorkbook().write(list);
    }

    private byte[] write(CardApplicationList list) {
        across(TITLE, title, 30);
        across("工会名称：" + list.unionName() + "　　系统编码：" + orBlank(list.systemCode()) + "　　批次："
                + list.batchId(), plain, 18);
        across("审核通过日期：" + (list.approvedOn() == null ? "" : list.approvedOn()) + "　　审核单位："
                + orBlank(list.reviewerUnionName()) + "　　人数：" + list.lines().size(), plain, 18);
        Row head = sheet.createRow(next++);
        head.setHeightInPoints(24);
        for (int c = 0; c < HEADINGS.size(); c++) {
            cells.text(head, c, HEADINGS.get(c), heading);
        }
        int number = 0;
        for (CardApplicationList.Line line : list.lines()) {
            line(sheet.createRow(next++), ++number, line);
        }
        next++;
        // Room to sign and stamp: the clerk's signature, the union's seal, the date.
        across("经办人签字：＿＿＿＿＿＿＿＿＿＿　　　　　　工会盖章：　　　　　　　　　　　　　　　　日期：　　　　年　　月　　日",
                signature, 60);
        printSetUp(list);
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(Row row, int number, CardApplicationList.Line line) {
        row.setHeightInPoints(18);
        MemberDetails d = line.details();
        cells.text(row, 0, Integer.toString(number), centred);
        cells.text(row, 1, d.name(), cell);
        cells.text(row, 2, label(d.idType(), IdType::fromInput, IdType::label), centred);
        cells.text(row, 3, d.idNumber(), cell);
        cells.text(row, 4, d.idLongTerm() || d.idExpiry() == null ? "长期" : d.idExpiry().toString(), centred);
        cells.text(row, 5, label(d.nationality(), Nationality::fromInput, Nationality::label), centred);
        cells.text(row, 6, label(d.occupation(), Occupation::fromInput, Occupation::label), centred);
        cells.text(row, 7, d.mobile(), cell);
        cells.text(row, 8, d.contactAddress(), cell);
        cells.text(row, 9, d.employerName(), cell);
        cells.text(row, 10, label(d.cardType(), CardType::fromInput, CardType::label), centred);
        cells.text(row, 11, line.debitCredit() ? DEBIT_CREDIT_MARK : null, centred);
    }

    /** A stored code's label; the code itself if the table no longer knows it. */
    private static <T> String label(String code, Function<String, Optional<T>> lookup, Function<T, String> label) {
        return code == null ? null : lookup.apply(code).map(label).orElse(code);
    }

    /** A line of text across the whole width, without borders. */
    private void across(String text, CellStyle style, float height) {
        Row row = sheet.createRow(next);
        row.setHeightInPoints(height);
        cells.text(row, 0, text, style);
        sheet.addMergedRegion(new CellRangeAddress(next, next, 0, HEADINGS.size() - 1));
        next++;
    }

    private void printSetUp(CardApplicationList list) {
        PrintStyles.pageSetUp(sheet, true, HEADING_ROW);
        sheet.getFooter().setCenter(footer(list));
        workbook.setPrintArea(0, 0, HEADINGS.size() - 1, 0, next - 1);
    }

    /** {@code &P} and {@code &N} are the page codes; a literal ampersand is doubled. */
    static String footer(CardApplicationList list) {
        return "第 &P 页 共 &N 页 · 批次 " + list.batchId().replace("&", "&&") + " · " + list.hashPrefix();
    }

    private static String orBlank(String s) {
        return s == null ? "" : s;
    }

    private CellStyle style(int points, boolean bold, HorizontalAlignment alignment, boolean boxed) {
        return PrintStyles.of(workbook, points, bold, alignment, boxed);
    }
}
