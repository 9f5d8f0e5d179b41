package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.member.MemberForm;
import cn.unioncard.registry.events.member.MemberFormValidator;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.events.validation.YearMonthField;
import org.apache.poi.ss.usermodel.FormulaError;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.command.imports.Sheets.person;
import static cn.unioncard.registry.command.imports.Sheets.with;
import static org.assertj.core.api.Assertions.assertThat;

class MemberRowsTest {

    private static final List<SheetColumn> COLUMNS = MemberSheet.COLUMNS;

    @Test
    void an_id_number_stored_as_an_exact_number_is_read_as_its_digits() {
        ReadRow<MemberForm> row = read(with("name", "林一", "idNumber", 350203900101123d, "mobile", 13800138000d));
        assertThat(row.cellProblems()).isEmpty();
        assertThat(row.form().idNumber()).isEqualTo("350203900101123");
        assertThat(row.form().mobile()).isEqualTo("13800138000");
    }

    @Test
    void an_id_number_whose_digits_a_number_format_ate_is_a_cell_problem_that_does_not_quote_it() {
        ReadRow<MemberForm> row = read(with("idNumber", 350203199001011234d));
        assertThat(row.form().idNumber()).isNull();
        assertThat(row.cellProblems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("idNumber");
            assertThat(p.code()).isEqualTo("cell.number-lost-digits");
            assertThat(p.zh()).isEqualTo("以数字形式保存，末尾数字已丢失：请将该列设为文本格式后重新输入");
            assertThat(p.zh() + p.en()).doesNotContain("3502");
        });
    }

    @Test
    void a_formula_gives_its_cached_value_and_an_error_value_is_a_cell_problem() {
        ReadRow<MemberForm> row = read(with("mobile", new Sheets.Formula("\"138\"&\"00138000\""),
                "employerName", new Sheets.Error(FormulaError.NA)));
        assertThat(row.form().mobile()).isEqualTo("13800138000");
        assertThat(row.form().employerName()).isNull();
        assertThat(row.cellProblems()).extracting(Violation::field, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("employerName", "cell.error"));
    }

    @Test
    void dates_are_read_from_date_cells_serial_numbers_and_text() {
        assertThat(read(with("idExpiry", LocalDate.of(2031, 5, 1))).form().idExpiry()).isEqualTo("2031-05-01");
        assertThat(read(with("idExpiry", org.apache.poi.ss.usermodel.DateUtil.getExcelDate(LocalDate.of(2030, 5, 1)))).form().idExpiry()).isEqualTo("2030-05-01");
        assertThat(read(with("idExpiry", "长期")).form().idExpiry()).isEqualTo("长期");
        assertThat(read(with("idExpiry", 2d)).form().idExpiry()).as("the form's option 2 = 长期").isEqualTo("2");
        assertThat(read(with("filledOn", "２０１３/1/16")).form().filledOn()).isEqualTo("2013/1/16");
        assertThat(read(with("filledOn", 20130116d)).form().filledOn()).isEqualTo("20130116");
    }

    @Test
    void year_months_are_read_in_every_way_clerks_type_them() {
        Map<Object, YearMonth> shapes = Map.of(
                LocalDate.of(1990, 1, 1), YearMonth.of(1990, 1),
                1990.1, YearMonth.of(1990, 1),
                1990.12, YearMonth.of(1990, 12),
                199001d, YearMonth.of(1990, 1),
                "1990-01", YearMonth.of(1990, 1),
                "1990.1", YearMonth.of(1990, 1),
                "1990/01", YearMonth.of(1990, 1),
                "1990年1月", YearMonth.of(1990, 1),
                "1990-01-15", YearMonth.of(1990, 1),
                "１９９０．１０", YearMonth.of(1990, 10));
        shapes.forEach((typed, month) -> {
            String read = read(with("workStart", typed)).form().workStart();
            assertThat(YearMonthField.parse(read)).as("%s read as %s", typed, read).contains(month);
        });
        assertThat(read(with("socialInsuranceStart", "未参加")).form().socialInsuranceStart()).isEqualTo("未参加");
        assertThat(read(with("socialInsuranceStart", LocalDate.of(2012, 8, 1))).form().socialInsuranceStart())
                .isEqualTo("2012-08");
    }

    @Test
    void codes_pass_as_code_label_or_alias_and_a_whole_number_loses_its_decimal_point() {
        assertThat(read(with("ethnicGroup", "汉")).form().ethnicGroup()).isEqualTo("汉");
        assertThat(read(with("ethnicGroup", "01")).form().ethnicGroup()).isEqualTo("01");
        assertThat(read(with("ethnicGroup", 1d)).form().ethnicGroup()).isEqualTo("1");
        assertThat(read(with("politicalStatus", " 1  群众 ")).form().politicalStatus()).isEqualTo("1 群众");
    }

    @Test
    void yes_no_reads_every_usual_answer_and_refuses_anything_else() {
        Map<Object, Boolean> answers = Map.of("是", true, "否", false, "Y", true, "n", false, "YES", true,
                "√", true, "×", false, true, true, 0d, false, "1 是", true);
        answers.forEach((typed, meant) ->
                assertThat(read(with("ruralHousehold", typed)).form().ruralHousehold()).as("%s", typed).isEqualTo(meant));
        ReadRow<MemberForm> unclear = read(with("labourDispatch", "也许"));
        assertThat(unclear.form().labourDispatch()).isNull();
        assertThat(unclear.cellProblems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("cell.yes-no");
            assertThat(p.zh()).isEqualTo("请填 是 或 否");
        });
    }

    @Test
    void full_width_characters_and_stray_spaces_are_cleaned() {
        ReadRow<MemberForm> row = read(with("name", " 欧阳　 娜娜 ", "mobile", "１３８ ００１３ ８０００",
                "idNumber", "１１０１０５１９４９１２３１００２Ｘ", "nationality", "ＣＨＮ "));
        assertThat(row.form().name()).isEqualTo("欧阳 娜娜");
        assertThat(row.form().idNumber()).isEqualTo("11010519491231002X");
        assertThat(row.form().nationality()).isEqualTo("CHN");
        assertThat(row.form().mobile()).isEqualTo("138 0013 8000");
    }

    @Test
    void a_row_typed_the_usual_ways_passes_the_member_form_check() {
        ReadRow<MemberForm> row = read(with("idNumber", "11010519491231002X", "mobile", 13800138000d,
                "workStart", 2012.07, "unionJoin", LocalDate.of(2013, 1, 1), "ethnicGroup", "汉",
                "ruralHousehold", "N", "labourContract", "Y", "filledOn", LocalDate.of(2013, 1, 16)));
        assertThat(row.cellProblems()).isEmpty();
        MemberFormValidator.Checked checked = MemberFormValidator.check(row.form(), LocalDate.of(2026, 1, 1));
        assertThat(checked.details().mobile()).isEqualTo("13800138000");
    }

    @Test
    void problems_of_a_cell_replace_the_form_checks_on_the_same_field() {
        ReadRow<MemberForm> row = read(with("idNumber", 350203199001011234d));
        Violation required = Violation.error("idNumber", "required", "必填", "required");
        Violation other = Violation.error("mobile", "mobile.format", "手机号码不正确", "bad mobile");
        assertThat(row.problems(List.of(required, other))).extracting(Violation::code)
                .containsExactly("cell.number-lost-digits", "mobile.format");
    }

    private static ReadRow<MemberForm> read(Map<String, Object> changes) {
        Sheets s = Sheets.template(MemberSheet.SHEET, COLUMNS);
        Map<String, Object> row = with("name", "测试员");
        row.putAll(changes); // never the example row itself, which is skipped
        s.row(person(COLUMNS, row));
        try (ImportSheet sheet = ImportSheetTest.open(s.bytes())) {
            List<SheetRow> rows = ImportSheetTest.rows(sheet, 0);
            assertThat(rows).hasSize(1);
            return MemberRows.read(rows.get(0));
        }
    }
}
