package cn.unioncard.registry.events.codes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static cn.unioncard.registry.events.codes.IndustryEdition.GB_T_4754_2002;
import static cn.unioncard.registry.events.codes.IndustryEdition.GB_T_4754_2011;
import static cn.unioncard.registry.events.codes.IndustryEdition.GB_T_4754_2017;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndustryTest {

    @ParameterizedTest
    @ValueSource(strings = {"06", "6", "F", "f", "交通运输、仓储及邮政业", "０６", " 06 ", "06 交通运输、仓储及邮政业",
        "06、交通运输、仓储及邮政业", "F 交通运输、仓储及邮政业"})
    void the2002EditionAcceptsSeedNumberLetterOrLabel(String input) {
        var industry = Industry.of(GB_T_4754_2002, input).orElseThrow();
        assertThat(industry.code()).isEqualTo("06");
        assertThat(industry.label()).isEqualTo("交通运输、仓储及邮政业");
        assertThat(industry.section()).isEqualTo('F');
    }

    @Test
    void the2002EditionFollowsTheSeed() {
        assertThat(Industry.of(GB_T_4754_2002, "01").map(Industry::label)).contains("农、林、牧、渔业");
        assertThat(Industry.of(GB_T_4754_2002, "04").map(Industry::label)).contains("电力、燃气及水的生产和供应业");
        assertThat(Industry.of(GB_T_4754_2002, "07").map(Industry::label)).contains("信息传输、计算机服务和软件业");
        assertThat(Industry.of(GB_T_4754_2002, "13").map(Industry::label)).contains("科学研究、技术服务和地质勘查业");
        assertThat(Industry.of(GB_T_4754_2002, "19").map(Industry::label)).contains("公共管理和社会组织");
        assertThat(Industry.of(GB_T_4754_2002, "20").map(Industry::code)).contains("20");
        assertThat(Industry.of(GB_T_4754_2002, "T").map(Industry::code)).contains("20");
        assertThat(Industry.of(GB_T_4754_2002, "批发和零售业").map(Industry::code)).contains("08");
    }

    @Test
    void lettersMeanDifferentSectionsInDifferentEditions() {
        assertThat(Industry.of(GB_T_4754_2002, "F").map(Industry::label)).contains("交通运输、仓储及邮政业");
        assertThat(Industry.of(GB_T_4754_2011, "F").map(Industry::label)).contains("批发和零售业");
        assertThat(Industry.of(GB_T_4754_2017, "F").map(Industry::label)).contains("批发和零售业");
        assertThat(Industry.of(GB_T_4754_2011, "G").map(Industry::label)).contains("交通运输、仓储和邮政业");
        assertThat(Industry.of(GB_T_4754_2017, "I").map(Industry::label)).contains("信息传输、软件和信息技术服务业");
        assertThat(Industry.of(GB_T_4754_2011, "H").map(Industry::label)).contains("住宿和餐饮业");
        assertThat(Industry.of(GB_T_4754_2002, "H").map(Industry::label)).contains("批发和零售业");
    }

    @Test
    void the2011And2017EditionsStoreTheLetter() {
        var industry = Industry.of(GB_T_4754_2017, "卫生和社会工作").orElseThrow();
        assertThat(industry).isEqualTo(new Industry(GB_T_4754_2017, "Q"));
        assertThat(Industry.of(GB_T_4754_2011, "d").map(Industry::code)).contains("D");
        assertThat(Industry.of(GB_T_4754_2011, "D").map(Industry::label)).contains("电力、热力、燃气及水生产和供应业");
        assertThat(Industry.of(GB_T_4754_2017, "S").map(Industry::label)).contains("公共管理、社会保障和社会组织");
        assertThat(Industry.of(GB_T_4754_2017, "A").map(Industry::label)).contains("农、林、牧、渔业");
        assertThat(Industry.of(GB_T_4754_2017, "T").map(Industry::label)).contains("国际组织");
    }

    @Test
    void numbersAndOtherEditionsLabelsAreRefusedForTheNewEditions() {
        assertThat(Industry.of(GB_T_4754_2011, "06")).isEmpty();
        assertThat(Industry.of(GB_T_4754_2017, "1")).isEmpty();
        assertThat(Industry.of(GB_T_4754_2017, "交通运输、仓储及邮政业")).isEmpty(); // 2002 wording
        assertThat(Industry.of(GB_T_4754_2002, "交通运输、仓储和邮政业")).isEmpty(); // 2011 wording
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "00", "21", "U", "Z", "AB", "制造", "100", "03 采矿业", "21 制造业", "03 制造"})
    void unknownInputIsEmptyIn2002(String input) {
        assertThat(Industry.of(GB_T_4754_2002, input)).isEmpty();
    }

    @Test
    void constructorRefusesCodesOfAnotherEdition() {
        assertThatThrownBy(() -> new Industry(GB_T_4754_2002, "F")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Industry(GB_T_4754_2017, "06")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Industry(GB_T_4754_2017, "U")).isInstanceOf(IllegalArgumentException.class);
    }
}
