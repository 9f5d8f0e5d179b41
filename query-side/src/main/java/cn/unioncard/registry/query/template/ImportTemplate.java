package cn.unioncard.registry.query.template;

import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.imports.SheetColumn.Kind;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.BuiltinFormats;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.HorizontalAlignment;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An entry template built from a sheet's columns ({@code MemberSheet}, {@code UnionSheet}), so the
 * template, the import reader and the report cannot disagree: headers (required ones starred), an
 * English hint row, an example row, text format where Excel would eat digits, drop-downs from the
 * hidden {@link CodeSheet}, and a 填写说明 sheet ({@link Instructions}).
 */
final class ImportTemplate {

    static final int HEADER_ROW = 0;
    static final int HINT_ROW = 1;
    static final int EXAMPLE_ROW = 2;
    /** The last row (0-based) the drop-downs cover: 100,000 rows after the example. */
    static final int LAST_ROW = 100_002;
    /** Kinds whose cells must stay text: Excel would turn 350203199001011234 into 3.50203E+17. */
    static final Set<Kind> TEXT_KINDS = EnumSet.of(Kind.DIGITS, Kind.DATE, Kind.YEAR_MONTH, Kind.DATE_OR_LONG_TERM,
            Kind.YEAR_MONTH_OR_NOT_INSURED, Kind.CODE);

    private ImportTemplate() {
    }

    /** The template as .xlsx bytes: the entry sheet, 填写说明, then the hidden code sheet. */
    static byte[] build(String sheetName, List<SheetColumn> columns, String title, List<String> rules) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Cells cells = new Cells(workbook);
            Sheet sheet = workbook.createSheet(sheetName);
            Instructions.write(workbook, cells, title, rules, columns);
            CodeSheet codes = new CodeSheet(workbook, cells);
            entrySheet(workbook, cells, sheet, columns, codes);
            codes.seal();
            workbook.setActiveSheet(0);
            workbook.setSelectedTab(0);
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void entrySheet(XSSFWorkbook workbook, Cells cells, Sheet sheet, List<SheetColumn> columns,
                                   CodeSheet codes) {
        CellStyle text = workbook.createCellStyle();
        text.setDataFormat((short) BuiltinFormats.getBuiltinFormat("@"));
        CellStyle header = style(workbook, true, false, IndexedColors.BLACK, IndexedColors.GREY_25_PERCENT);
        CellStyle required = style(workbook, true, false, IndexedColors.RED, IndexedColors.GREY_25_PERCENT);
        CellStyle hint = style(workbook, false, true, IndexedColors.GREY_50_PERCENT, null);
        CellStyle example = style(workbook, false, true, IndexedColors.BLUE_GREY, IndexedColors.LIGHT_YELLOW);
        CellStyle exampleText = workbook.createCellStyle();
        exampleText.cloneStyleFrom(example);
        exampleText.setDataFormat(text.getDataFormat());
        example.setAlignment(HorizontalAlignment.LEFT);

        Row headers = sheet.createRow(HEADER_ROW);
        headers.setHeightInPoints(24);
        Row hints = sheet.createRow(HINT_ROW);
        hints.setHeightInPoints(30);
        Row examples = sheet.createRow(EXAMPLE_ROW);
        DataValidationHelper validations = sheet.getDataValidationHelper();
        for (int i = 0; i < columns.size(); i++) {
            SheetColumn column = columns.get(i);
            boolean asText = TEXT_KINDS.contains(column.kind());
            cells.text(headers, i, column.printedHeader(), column.required() ? required : header);
            cells.text(hints, i, column.hint(), hint);
            if (column.kind() == Kind.COUNT && column.example() != null) {
                examples.createCell(i).setCellValue(Long.parseLong(column.example()));
                examples.getCell(i).setCellStyle(example);
            } else {
                cells.text(examples, i, column.example(), asText ? exampleText : example);
            }
            if (asText) {
                sheet.setDefaultColumnStyle(i, text);
            }
            sheet.setColumnWidth(i, Math.min(255, width(column)) * 256);
            String list = codes.listFor(column);
            if (list != null) {
                sheet.addValidationData(dropDown(validations, list, column, i));
            }
        }
        sheet.createFreezePane(0, EXAMPLE_ROW);
        printAcross(sheet, true);
        sheet.setRepeatingRows(new CellRangeAddress(HEADER_ROW, HINT_ROW, -1, -1));
    }

    /** Printed A4, every column on one page width (as many pages down as needed). */
    static void printAcross(Sheet sheet, boolean landscape) {
        sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
        sheet.getPrintSetup().setLandscape(landscape);
        sheet.getPrintSetup().setFitWidth((short) 1);
        sheet.getPrintSetup().setFitHeight((short) 0);
        sheet.setFitToPage(true);
    }

    /** A drop-down; where typing something else is also right (a date instead of 长期), it only informs. */
    private static DataValidation dropDown(DataValidationHelper helper, String list, SheetColumn column, int index) {
        DataValidation v = helper.createValidation(helper.createFormulaListConstraint(list),
                new CellRangeAddressList(EXAMPLE_ROW, LAST_ROW, index, index));
        v.setSuppressDropDownArrow(true); // XSSF: true shows the arrow
        v.setShowErrorBox(true);
        v.setShowPromptBox(true);
        v.createPromptBox(column.header(), column.hint());
        switch (column.kind()) {
            case DATE_OR_LONG_TERM -> {
                v.setErrorStyle(DataValidation.ErrorStyle.INFO);
                v.createErrorBox(column.header(), "请填写日期（如 2030-05-01）或选择“长期”");
            }
            case YEAR_MONTH_OR_NOT_INSURED -> {
                v.setErrorStyle(DataValidation.ErrorStyle.INFO);
                v.createErrorBox(column.header(), "请填写年月（如 2012-08）或选择“未参加”");
            }
            // The registry also reads a code or a name typed by hand (01, 汉, 汉族): warn, do not refuse.
            default -> {
                v.setErrorStyle(DataValidation.ErrorStyle.WARNING);
                v.createErrorBox(column.header(), "请从下拉列表中选择；也可填写代码或名称，见“填写说明”");
            }
        }
        return v;
    }

    /** Characters wide enough for the header and the example (a Chinese character counts two). */
    static int width(SheetColumn column) {
        int widest = Math.max(displayWidth(column.printedHeader()), displayWidth(column.example()));
        return Math.max(column.width(), widest + 2);
    }

    static int displayWidth(String s) {
        return s == null ? 0 : s.codePoints().map(c -> c >= 0x2E80 ? 2 : 1).sum();
    }

    private static CellStyle style(XSSFWorkbook workbook, boolean bold, boolean italic, IndexedColors colour,
                                   IndexedColors fill) {
        Font font = workbook.createFont();
        font.setBold(bold);
        font.setItalic(italic);
        font.setColor(colour.getIndex());
        if (italic && fill == null) {
            font.setFontHeightInPoints((short) 9);
        }
        CellStyle style = workbook.createCellStyle();
        style.setFont(font);
        style.setWrapText(true);
        style.setVerticalAlignment(VerticalAlignment.CENTER);
        if (fill != null) {
            style.setFillForegroundColor(fill.getIndex());
            style.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
        }
        if (bold) {
            style.setAlignment(HorizontalAlignment.CENTER);
        }
        return style;
    }
}
