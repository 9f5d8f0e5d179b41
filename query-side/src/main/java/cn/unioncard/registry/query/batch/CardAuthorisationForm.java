package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.query.template.Cells;
import cn.unioncard.registry.query.template.PrintStyles;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;

/**
 * The 批量办卡委托书 the union's clerk signs and stamps and takes to the bank with the list (the seed's
 * 办卡流程 names it without giving its text: the wording is the registry's). It names the union, the
 * batch and how many members, never a member: A4 portrait, one page.
 */
final class CardAuthorisationForm {

    static final String TITLE = "批量办卡委托书";
    private static final int COLUMNS = 8;
    private static final int WIDTH = 11 * 256;

    private final XSSFWorkbook workbook = new XSSFWorkbook();
    private final Cells cells = new Cells(workbook);
    private final Sheet sheet = workbook.createSheet(TITLE);
    private final CellStyle title = style(18, true, HorizontalAlignment.CENTER);
    private final CellStyle body = style(12, false, HorizontalAlignment.LEFT);
    private final CellStyle right = style(12, false, HorizontalAlignment.RIGHT);
    private int next;

    private CardAuthorisationForm() {
        for (int c = 0; c < COLUMNS; c++) {
            sheet.setColumnWidth(c, WIDTH);
        }
    }

    /** {@code on}: the date printed by the signature, the day the form is made. */
    static byte[] of(String unionName, String systemCode, String batchId, int members, LocalDate on) {
        return new CardAuthorisationForm().write(unionName, systemCode == null ? "" : systemCode, batchId, members, on);
    }

    private byte[] write(String unionName, String systemCode, String batchId, int members, LocalDate on) {
        line(TITLE, title, 50);
        line("中国工商银行＿＿＿＿＿＿＿＿＿＿＿＿支行：", body, 30);
        line("　　我单位工会（" + unionName + "，工会信息管理系统编码 " + systemCode + "）委托贵行为我单位 " + members
                + " 名工会会员批量办理工会会员服务卡（工会卡）。办卡会员以同批次《批量办理借记卡明细清单》（批次 " + batchId
                + "）所列为准，会员本人签写“授权单位代申领工会卡”的身份证复印件随附。", body, 110);
        line("　　我单位指定＿＿＿＿＿＿＿＿（身份证号码：＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿）为经办人，"
                + "携带本人身份证原件办理递交资料、领卡等手续。", body, 60);
        line("　　特此委托。", body, 30);
        next++;
        line("委托单位（工会盖章）：" + unionName, right, 30);
        line("工会负责人签字：＿＿＿＿＿＿＿＿", right, 30);
        line("经办人签字：＿＿＿＿＿＿＿＿", right, 30);
        line("日期：" + on.getYear() + " 年 " + on.getMonthValue() + " 月 " + on.getDayOfMonth() + " 日", right, 30);
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(false);
        sheet.setFitToPage(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 1);
        sheet.setHorizontallyCenter(true);
        workbook.setPrintArea(0, 0, COLUMNS - 1, 0, next - 1);
        try (workbook; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void line(String text, CellStyle style, float height) {
        Row row = sheet.createRow(next);
        row.setHeightInPoints(height);
        cells.text(row, 0, text, style);
        sheet.addMergedRegion(new CellRangeAddress(next, next, 0, COLUMNS - 1));
        next++;
    }

    private CellStyle style(int points, boolean bold, HorizontalAlignment alignment) {
        return PrintStyles.of(workbook, points, bold, alignment, false);
    }
}
