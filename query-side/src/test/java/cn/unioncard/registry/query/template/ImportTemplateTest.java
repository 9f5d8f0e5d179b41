package cn.unioncard.registry.query.template;

import cn.unioncard.registry.events.codes.CodeTables;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.imports.SheetColumn.Kind;
import cn.unioncard.registry.events.imports.UnionSheet;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationConstraint.ValidationType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.SheetVisibility;
import org.apache.poi.ss.util.AreaReference;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFDataValidation;
import org.apache.poi.xssf.usermodel.XSSFName;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The entry templates read back with POI, against the column lists and the code tables. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportTemplateTest {

    private static final Set<Kind> DROP_DOWN = Set.of(Kind.CODE, Kind.YES_NO, Kind.DATE_OR_LONG_TERM,
            Kind.YEAR_MONTH_OR_NOT_INSURED);
    private final DataFormatter formatter = new DataFormatter();
    private XSSFWorkbook member;
    private XSSFWorkbook union;

    @BeforeAll
    void open() throws IOException {
        member = read(Template.MEMBER_IMPORT.builder.get());
        union = read(Template.UNION_IMPORT.builder.get());
    }

    @AfterAll
    void close() throws IOException {
        member.close();
        union.close();
    }

    static XSSFWorkbook read(byte[] bytes) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(bytes));
    }

    @Test
    void the_sheets_are_the_entry_sheet_the_instructions_and_the_hidden_code_sheet_in_that_order() {
        assertThat(names(member)).containsExactly("会员信息", "填写说明", "代码表");
        assertThat(names(union)).containsExactly("基层工会信息", "填写说明", "代码表");
        assertThat(member.getActiveSheetIndex()).isZero();
    }

    @Test
    void the_header_row_is_the_printed_headers_of_the_columns_in_order_and_the_hints_follow() {
        check(member, MemberSheet.COLUMNS, (sheet, columns) -> {
            assertThat(rowText(sheet.getRow(0), columns.size() + 1))
                    .containsExactlyElementsOf(append(columns.stream().map(SheetColumn::printedHeader).toList(), ""));
            assertThat(rowText(sheet.getRow(1), columns.size()))
                    .containsExactlyElementsOf(columns.stream().map(SheetColumn::hint).toList());
        });
        check(union, UnionSheet.COLUMNS, (sheet, columns) -> assertThat(rowText(sheet.getRow(0), columns.size()))
                .containsExactlyElementsOf(columns.stream().map(SheetColumn::printedHeader).toList()));
        assertThat(formatter.formatCellValue(member.getSheetAt(0).getRow(0).getCell(0))).isEqualTo("*姓名");
        assertThat(formatter.formatCellValue(member.getSheetAt(0).getRow(0).getCell(1))).isEqualTo("证件类型");
    }

    @Test
    void the_panes_are_frozen_below_the_hint_row_and_the_hint_row_is_grey_italic() {
        XSSFSheet sheet = member.getSheetAt(0);
        assertThat(sheet.getPaneInformation().isFreezePane()).isTrue();
        assertThat(sheet.getPaneInformation().getHorizontalSplitPosition()).isEqualTo((short) 2);
        var font = member.getFontAt(sheet.getRow(1).getCell(0).getCellStyle().getFontIndex());
        assertThat(font.getItalic()).isTrue();
    }

    @Test
    void the_example_row_holds_each_columns_example_as_shown_and_the_counts_as_numbers() {
        check(member, MemberSheet.COLUMNS, this::examplesMatch);
        check(union, UnionSheet.COLUMNS, this::examplesMatch);
        Cell id = member.getSheetAt(0).getRow(2).getCell(index(MemberSheet.COLUMNS, "idNumber"));
        assertThat(id.getCellType()).isEqualTo(CellType.STRING);
        assertThat(id.getStringCellValue()).isEqualTo("11010519491231002X");
        Cell staff = union.getSheetAt(0).getRow(2).getCell(index(UnionSheet.COLUMNS, "totalStaff"));
        assertThat(staff.getCellType()).isEqualTo(CellType.NUMERIC);
        assertThat(staff.getNumericCellValue()).isEqualTo(120.0);
    }

    private void examplesMatch(XSSFSheet sheet, List<SheetColumn> columns) {
        List<String> expected = columns.stream().map(c -> c.example() == null ? "" : c.example()).toList();
        assertThat(rowText(sheet.getRow(2), columns.size())).containsExactlyElementsOf(expected);
    }

    @Test
    void id_number_mobile_and_date_columns_are_formatted_as_text_and_free_text_columns_are_not() {
        XSSFSheet sheet = member.getSheetAt(0);
        for (String field : List.of("idNumber", "mobile", "idExpiry", "workStart", "unionJoin", "socialInsuranceStart",
                "filledOn", "ethnicGroup")) {
            CellStyle style = sheet.getColumnStyle(index(MemberSheet.COLUMNS, field));
            assertThat(style.getDataFormatString()).as(field).isEqualTo("@");
            assertThat(style.getDataFormat()).as(field).isEqualTo((short) 49);
        }
        assertThat(sheet.getColumnStyle(index(MemberSheet.COLUMNS, "name")).getDataFormatString()).isNotEqualTo("@");
        XSSFSheet unions = union.getSheetAt(0);
        for (String field : List.of("employerCreditCode", "chairPhone", "filledByPhone", "founded")) {
            assertThat(unions.getColumnStyle(index(UnionSheet.COLUMNS, field)).getDataFormatString()).as(field)
                    .isEqualTo("@");
        }
        // The example's cell is text-formatted too, so re-typing over it keeps the digits.
        Cell id = sheet.getRow(2).getCell(index(MemberSheet.COLUMNS, "idNumber"));
        assertThat(id.getCellStyle().getDataFormatString()).isEqualTo("@");
    }

    @Test
    void columns_are_at_least_as_wide_as_their_header() {
        XSSFSheet sheet = member.getSheetAt(0);
        for (int i = 0; i < MemberSheet.COLUMNS.size(); i++) {
            SheetColumn c = MemberSheet.COLUMNS.get(i);
            int chinese = c.printedHeader().replaceAll("[\\x00-\\x7f]", "").length();
            int ascii = c.printedHeader().length() - chinese;
            assertThat(sheet.getColumnWidth(i) / 256).as(c.field()).isGreaterThanOrEqualTo(2 * chinese + ascii);
        }
    }

    @Test
    void exactly_the_coded_yes_no_and_either_or_columns_have_a_drop_down_over_the_data_rows() {
        check(member, MemberSheet.COLUMNS, this::dropDownsMatch);
        check(union, UnionSheet.COLUMNS, this::dropDownsMatch);
    }

    private void dropDownsMatch(XSSFSheet sheet, List<SheetColumn> columns) {
        Map<Integer, XSSFDataValidation> byColumn = new TreeMap<>();
        for (XSSFDataValidation v : sheet.getDataValidations()) {
            CellRangeAddress[] ranges = v.getRegions().getCellRangeAddresses();
            assertThat(ranges).hasSize(1);
            CellRangeAddress r = ranges[0];
            assertThat(r.getFirstColumn()).isEqualTo(r.getLastColumn());
            assertThat(r.getFirstRow()).as("from the example row (row 3)").isEqualTo(2);
            assertThat(r.getLastRow()).as("over 100,000 rows").isGreaterThanOrEqualTo(100_002);
            byColumn.put(r.getFirstColumn(), v);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (DROP_DOWN.contains(columns.get(i).kind())) {
                expected.add(i);
            }
        }
        assertThat(byColumn.keySet()).containsExactlyElementsOf(expected);
        for (Map.Entry<Integer, XSSFDataValidation> e : byColumn.entrySet()) {
            SheetColumn column = columns.get(e.getKey());
            XSSFDataValidation v = e.getValue();
            assertThat(v.getValidationConstraint().getValidationType()).isEqualTo(ValidationType.LIST);
            assertThat(listOf(sheet.getWorkbook(), v.getValidationConstraint().getFormula1()))
                    .as(column.field()).containsExactlyElementsOf(expectedList(column));
            int style = v.getErrorStyle();
            if (column.kind() == Kind.DATE_OR_LONG_TERM || column.kind() == Kind.YEAR_MONTH_OR_NOT_INSURED) {
                assertThat(style).as("a typed date or month is still right").isNotEqualTo(DataValidation.ErrorStyle.STOP);
            }
            assertThat(v.getSuppressDropDownArrow()).as("XSSF: true shows the arrow").isTrue();
        }
    }

    /** What a drop-down must offer, built from the code tables here, not through the template's code. */
    private static List<String> expectedList(SheetColumn column) {
        return switch (column.kind()) {
            case CODE -> CodeTables.all().get(column.codeTable()).stream().map(e -> e.code() + " " + e.label()).toList();
            case YES_NO -> List.of("是", "否");
            case DATE_OR_LONG_TERM -> List.of("长期");
            case YEAR_MONTH_OR_NOT_INSURED -> List.of("未参加");
            default -> throw new AssertionError(column.kind());
        };
    }

    /** The values a list validation's formula (a workbook name) points to, which must lie in the hidden sheet. */
    private List<String> listOf(XSSFWorkbook workbook, String formula) {
        XSSFName name = workbook.getName(formula);
        assertThat(name).as("a workbook name " + formula).isNotNull();
        AreaReference area = new AreaReference(name.getRefersToFormula(), workbook.getSpreadsheetVersion());
        assertThat(area.getFirstCell().getSheetName()).isEqualTo("代码表");
        Sheet sheet = workbook.getSheet("代码表");
        List<String> values = new ArrayList<>();
        for (CellReference ref : area.getAllReferencedCells()) {
            values.add(formatter.formatCellValue(sheet.getRow(ref.getRow()).getCell(ref.getCol())));
        }
        return values;
    }

    @Test
    void the_code_sheet_is_hidden_and_protected() {
        for (XSSFWorkbook workbook : List.of(member, union)) {
            int index = workbook.getSheetIndex("代码表");
            assertThat(workbook.getSheetVisibility(index)).isIn(SheetVisibility.VERY_HIDDEN, SheetVisibility.HIDDEN);
            assertThat(workbook.getSheetAt(index).getProtect()).isTrue();
            assertThat(workbook.getSheetVisibility(0)).isEqualTo(SheetVisibility.VISIBLE);
            assertThat(workbook.getSheetVisibility(1)).isEqualTo(SheetVisibility.VISIBLE);
        }
    }

    @Test
    void the_instructions_list_every_code_of_every_table_the_columns_use() {
        check(member, MemberSheet.COLUMNS, (s, columns) -> instructionsHoldCodes(member, columns));
        check(union, UnionSheet.COLUMNS, (s, columns) -> instructionsHoldCodes(union, columns));
    }

    private void instructionsHoldCodes(XSSFWorkbook workbook, List<SheetColumn> columns) {
        Set<String> pairs = new HashSet<>();
        for (Row row : workbook.getSheet("填写说明")) {
            pairs.add(formatter.formatCellValue(row.getCell(0)) + "|" + formatter.formatCellValue(row.getCell(1)));
        }
        Set<String> tables = new HashSet<>();
        for (SheetColumn c : columns) {
            if (c.codeTable() != null) {
                tables.add(c.codeTable());
                for (CodeTables.Entry e : CodeTables.all().get(c.codeTable())) {
                    assertThat(pairs).as(c.codeTable()).contains(e.code() + "|" + e.label());
                }
            }
        }
        assertThat(tables).isNotEmpty();
    }

    @Test
    void the_member_instructions_carry_the_seeds_rules() {
        StringBuilder text = new StringBuilder();
        for (Row row : member.getSheet("填写说明")) {
            text.append(formatter.formatCellValue(row.getCell(0))).append('\n');
        }
        assertThat(text).contains("长期", "未参加", "﹡职称/技术等级", "授权单位代申领工会卡", "3.50203E+17", "GB 11643",
                "2012.7");
    }

    private static List<String> names(XSSFWorkbook workbook) {
        List<String> names = new ArrayList<>();
        workbook.forEach(s -> names.add(s.getSheetName()));
        return names;
    }

    private List<String> rowText(Row row, int cells) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            out.add(formatter.formatCellValue(row.getCell(i)));
        }
        return out;
    }

    private static List<String> append(List<String> list, String last) {
        List<String> out = new ArrayList<>(list);
        out.add(last);
        return out;
    }

    private static int index(List<SheetColumn> columns, String field) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).field().equals(field)) {
                return i;
            }
        }
        throw new AssertionError(field);
    }

    private static void check(XSSFWorkbook workbook, List<SheetColumn> columns,
                              java.util.function.BiConsumer<XSSFSheet, List<SheetColumn>> assertion) {
        assertion.accept(workbook.getSheetAt(0), columns);
    }
}
