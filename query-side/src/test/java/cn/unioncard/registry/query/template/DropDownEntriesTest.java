package cn.unioncard.registry.query.template;

import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.codes.CodedValue;
import cn.unioncard.registry.events.codes.CodeTables;
import cn.unioncard.registry.events.codes.Education;
import cn.unioncard.registry.events.codes.EthnicGroup;
import cn.unioncard.registry.events.codes.IdType;
import cn.unioncard.registry.events.codes.Industry;
import cn.unioncard.registry.events.codes.IndustryEdition;
import cn.unioncard.registry.events.codes.Occupation;
import cn.unioncard.registry.events.codes.PoliticalStatus;
import cn.unioncard.registry.events.codes.TitleLevel;
import cn.unioncard.registry.events.codes.UnitCategory;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.imports.UnionSheet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever a clerk picks from a drop-down, the registry's own code lookups read back as that code. */
class DropDownEntriesTest {

    private static final Map<String, Function<String, Optional<String>>> LOOKUPS = Map.of(
            "id-type", s -> IdType.fromInput(s).map(CodedValue::code),
            "ethnic-group", s -> EthnicGroup.fromInput(s).map(CodedValue::code),
            "political-status", s -> PoliticalStatus.fromInput(s).map(CodedValue::code),
            "education", s -> Education.fromInput(s).map(CodedValue::code),
            "title-level", s -> TitleLevel.fromInput(s).map(CodedValue::code),
            "occupation", s -> Occupation.fromInput(s).map(CodedValue::code),
            "card-type", s -> CardType.fromInput(s).map(CodedValue::code),
            "unit-category", s -> UnitCategory.fromInput(s).map(CodedValue::code),
            "industry-2002", s -> Industry.of(IndustryEdition.GB_T_4754_2002, s).map(Industry::code));

    @Test
    void every_drop_down_entry_of_both_templates_is_read_back_as_its_code() {
        List<SheetColumn> coded = new ArrayList<>();
        for (SheetColumn c : MemberSheet.COLUMNS) {
            if (c.codeTable() != null) {
                coded.add(c);
            }
        }
        for (SheetColumn c : UnionSheet.COLUMNS) {
            if (c.codeTable() != null) {
                coded.add(c);
            }
        }
        assertThat(LOOKUPS.keySet()).containsAll(coded.stream().map(SheetColumn::codeTable).toList());
        int checked = 0;
        for (SheetColumn c : coded) {
            List<String> entries = CodeSheet.entries(c.codeTable());
            List<CodeTables.Entry> table = CodeTables.all().get(c.codeTable());
            assertThat(entries).hasSameSizeAs(table);
            for (int i = 0; i < entries.size(); i++) {
                assertThat(LOOKUPS.get(c.codeTable()).apply(entries.get(i))).as(entries.get(i))
                        .contains(table.get(i).code());
                checked++;
            }
            if (c.example() != null) {
                assertThat(entries).as("the example of " + c.field()).contains(c.example());
            }
        }
        assertThat(checked).isGreaterThan(100);
    }
}
