package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.imports.UnionSheet;
import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionFormValidator;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.Violation;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.command.imports.Sheets.person;
import static cn.unioncard.registry.command.imports.Sheets.with;
import static org.assertj.core.api.Assertions.assertThat;

class UnionRowsTest {

    private static final List<SheetColumn> COLUMNS = UnionSheet.COLUMNS;

    @Test
    void counts_dates_and_yes_no_are_read_from_numbers_and_text() {
        UnionForm f = read(with("committeeMembers", 5d, "cadres", "３", "totalStaff", " 120 ",
                "filledOn", LocalDate.of(2013, 1, 16), "hasPartyOrganisation", "否", "founded", 2008.05)).form();
        assertThat(f.committeeMembers()).isEqualTo(5);
        assertThat(f.cadres()).isEqualTo(3);
        assertThat(f.totalStaff()).isEqualTo(120);
        assertThat(f.filledOn()).isEqualTo(LocalDate.of(2013, 1, 16));
        assertThat(f.hasPartyOrganisation()).isFalse();
        assertThat(f.founded()).isEqualTo("2008.05");
        assertThat(f.parentId()).isNull();
        assertThat(f.level()).isNull();
        assertThat(f.industryEdition()).isNull();
        assertThat(read(with("filledOn", "2013年1月16日")).form().filledOn()).isEqualTo(LocalDate.of(2013, 1, 16));
    }

    @Test
    void a_count_that_is_not_a_whole_number_and_an_unreadable_date_are_cell_problems() {
        ReadRow<UnionForm> row = read(with("committeeMembers", 2.5, "cadres", "三", "members", -1d,
                "filledOn", "去年"));
        assertThat(row.cellProblems()).extracting(Violation::field, Violation::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("committeeMembers", "cell.count"),
                org.assertj.core.groups.Tuple.tuple("cadres", "cell.count"),
                org.assertj.core.groups.Tuple.tuple("members", "cell.count"),
                org.assertj.core.groups.Tuple.tuple("filledOn", "cell.date"));
        assertThat(row.form().committeeMembers()).isNull();
        assertThat(row.form().filledOn()).isNull();
    }

    @Test
    void a_row_typed_the_usual_ways_passes_the_union_form_check() {
        ReadRow<UnionForm> row = read(with("filledByPhone", 13900139000d, "industryCode", "03", "unitCategory", 4d,
                "employerCreditCode", null)); // the template's example code fails its check character (a warning)
        assertThat(row.cellProblems()).isEmpty();
        UnionForm f = row.form();
        UnionForm placed = new UnionForm("district-1", UnionLevel.GRASSROOTS, f.name(), f.employerName(),
                f.employerOrganisationCode(), f.employerCreditCode(), f.unionOrganisationCode(), f.unionCreditCode(),
                f.industryEdition(), f.industryCode(), f.address(), f.unitCategory(), f.founded(),
                f.hasPartyOrganisation(), f.chairName(), f.chairPartTime(), f.chairOtherPosts(), f.chairPhone(),
                f.committeeMembers(), f.committeeFullTime(), f.cadres(), f.cadresFullTime(), f.totalStaff(),
                f.members(), f.migrantWorkers(), f.dispatchedWorkers(), f.socialInsuranceNumber(), f.insuredStaff(),
                f.collectiveWageAgreement(), f.medicalMutualAid(), f.filledBy(), f.filledByPhone(), f.filledOn(),
                f.creditCodeOverrideReason());
        assertThat(UnionFormValidator.check(placed, UnionLevel.GRASSROOTS, LocalDate.of(2026, 1, 1))).isNotNull();
        assertThat(f.filledByPhone()).isEqualTo("13900139000");
    }

    @Test
    void a_union_sheet_left_as_the_template_has_no_data_rows() {
        Sheets s = Sheets.template(UnionSheet.SHEET, COLUMNS);
        try (ImportSheet sheet = ImportSheet.open(new ByteArrayInputStream(s.bytes()), ImportKind.UNIONS)) {
            assertThat(sheet.countRows()).isZero();
        }
    }

    private static ReadRow<UnionForm> read(Map<String, Object> changes) {
        Sheets s = Sheets.template(UnionSheet.SHEET, COLUMNS);
        Map<String, Object> row = with("name", "测试工会委员会");
        row.putAll(changes);
        s.row(person(COLUMNS, row));
        try (ImportSheet sheet = ImportSheet.open(new ByteArrayInputStream(s.bytes()), ImportKind.UNIONS)) {
            List<SheetRow> rows = new ArrayList<>();
            sheet.forEachRow(0, rows::add);
            assertThat(rows).hasSize(1);
            return UnionRows.read(rows.get(0));
        }
    }
}
