package cn.unioncard.registry.query.template;

import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;

/**
 * The look of the registry's printed papers (lists, sheets, forms): 宋体, centred vertically, wrapped, optionally
 * boxed; and their pages: A4, one page wide, the heading row on every page.
 */
public final class PrintStyles {

    private PrintStyles() {
    }

    public static CellStyle of(Workbook workbook, int points, boolean bold, HorizontalAlignment alignment,
                               boolean boxed) {
        Font font = workbook.createFont();
        font.setFontName("宋体");
        font.setFontHeightInPoints((short) points);
        font.setBold(bold);
        CellStyle style = workbook.createCellStyle();
        style.setFont(font);
        style.setAlignment(alignment);
        style.setVerticalAlignment(VerticalAlignment.CENTER);
        style.setWrapText(true);
        if (boxed) {
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
        }
        return style;
    }

    /** A4 (landscape if asked), one page wide and as many long as it takes, centred; {@code headingRow} (if ≥ 0) on every page. */
    public static void pageSetUp(Sheet sheet, boolean landscape, int headingRow) {
        PrintSetup print = sheet.getPrintSetup();
        print.setPaperSize(PrintSetup.A4_PAPERSIZE);
        print.setLandscape(landscape);
        sheet.setFitToPage(true);
        print.setFitWidth((short) 1);
        print.setFitHeight((short) 0);
        sheet.setHorizontallyCenter(true);
        sheet.setMargin(Sheet.LeftMargin, 0.4);
        sheet.setMargin(Sheet.RightMargin, 0.4);
        sheet.setMargin(Sheet.TopMargin, 0.5);
        sheet.setMargin(Sheet.BottomMargin, 0.7);
        sheet.setMargin(Sheet.FooterMargin, 0.3);
        if (headingRow >= 0) {
            sheet.setRepeatingRows(new CellRangeAddress(headingRow, headingRow, -1, -1));
            sheet.createFreezePane(0, headingRow + 1);
        }
    }
}
