package cn.unioncard.registry.events.codes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeTablesTest {

    @Test
    void everyTableIsPublishedUnderItsName() {
        assertThat(CodeTables.all().keySet()).containsExactly("education", "title-level", "occupation",
                "political-status", "card-type", "id-type", "unit-category", "ethnic-group",
                "industry-2002", "industry-2011", "industry-2017");
        assertThat(CodeTables.all().get("education")).hasSize(9);
        assertThat(CodeTables.all().get("title-level")).hasSize(9);
        assertThat(CodeTables.all().get("occupation")).hasSize(6);
        assertThat(CodeTables.all().get("political-status")).hasSize(4);
        assertThat(CodeTables.all().get("card-type")).hasSize(2);
        assertThat(CodeTables.all().get("id-type")).hasSize(2);
        assertThat(CodeTables.all().get("unit-category")).hasSize(12);
        assertThat(CodeTables.all().get("ethnic-group")).hasSize(58);
        assertThat(CodeTables.all().get("industry-2002")).hasSize(20);
        assertThat(CodeTables.table("industry-2002").orElseThrow().get(0))
                .isEqualTo(new CodeTables.Entry("01", "农、林、牧、渔业"));
        assertThat(CodeTables.table("industry-2011").orElseThrow().get(5))
                .isEqualTo(new CodeTables.Entry("F", "批发和零售业"));
        assertThat(CodeTables.table("industry-2017").orElseThrow()).isEqualTo(CodeTables.table("industry-2011").orElseThrow());
        assertThat(CodeTables.table("ethnic-group").orElseThrow().get(2)).isEqualTo(new CodeTables.Entry("03", "回"));
        assertThat(CodeTables.table("nope")).isEmpty();
        assertThatThrownBy(() -> CodeTables.all().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void tablesFollowTheSeedNumbering() {
        assertThat(labels(Education.values())).containsExactly("1小学", "2初中", "3高中、技校", "4中专", "5大专",
                "6大学本科", "7硕士研究生", "8博士研究生", "9无");
        assertThat(labels(TitleLevel.values())).containsExactly("1初级工", "2中级工", "3高级工", "4技师", "5高级技师",
                "6初级职称", "7中级职称", "8高级职称", "9无");
        assertThat(labels(Occupation.values())).containsExactly("1公务员", "2事业单位员工", "3警察", "4公司员工",
                "5管理人员", "6其他");
        assertThat(labels(PoliticalStatus.values())).containsExactly("1群众", "2中共党员", "3民主党派", "4共青团员");
        assertThat(labels(CardType.values())).containsExactly("1借记卡", "2借贷合一卡");
        assertThat(labels(IdType.values())).containsExactly("1身份证", "2其他");
        assertThat(labels(UnitCategory.values())).containsExactly("1国有企业", "2集体企业", "3私营企业", "4有限责任公司",
                "5股份有限公司", "6台资企业", "7港澳投资企业", "8外商投资企业", "9事业", "10机关", "11个体经济组织", "12其他");
    }

    @Test
    void fromInputAcceptsCodesWithOrWithoutLeadingZeroAndLabels() {
        assertThat(Education.fromInput("3")).contains(Education.SENIOR_SECONDARY_OR_TECHNICAL);
        assertThat(Education.fromInput("03")).contains(Education.SENIOR_SECONDARY_OR_TECHNICAL);
        assertThat(Education.fromInput("高中、技校")).contains(Education.SENIOR_SECONDARY_OR_TECHNICAL);
        assertThat(Education.fromInput("3、高中、技校")).contains(Education.SENIOR_SECONDARY_OR_TECHNICAL);
        assertThat(Education.fromInput("3 初中")).isEmpty(); // code and label disagree
        assertThat(TitleLevel.fromInput("５")).contains(TitleLevel.SENIOR_TECHNICIAN);
        assertThat(TitleLevel.fromInput("无")).contains(TitleLevel.NONE);
        assertThat(Occupation.fromInput(" 警察 ")).contains(Occupation.POLICE);
        assertThat(CardType.fromInput("借贷合一卡")).contains(CardType.DEBIT_CREDIT);
        assertThat(CardType.fromInput("01")).contains(CardType.DEBIT);
        assertThat(IdType.fromInput("身份证")).contains(IdType.RESIDENT_ID_CARD);
        assertThat(IdType.fromInput("2")).contains(IdType.OTHER);
        assertThat(UnitCategory.fromInput("10")).contains(UnitCategory.GOVERNMENT_ORGAN);
        assertThat(UnitCategory.fromInput("010")).contains(UnitCategory.GOVERNMENT_ORGAN);
        assertThat(UnitCategory.fromInput("1")).contains(UnitCategory.STATE_OWNED);
        assertThat(UnitCategory.fromInput("港澳投资企业")).contains(UnitCategory.HONG_KONG_MACAU_INVESTED);
    }

    @Test
    void politicalStatusAcceptsTheShortForms() {
        assertThat(PoliticalStatus.fromInput("群众")).contains(PoliticalStatus.MASSES);
        assertThat(PoliticalStatus.fromInput("中共党员")).contains(PoliticalStatus.CPC_MEMBER);
        assertThat(PoliticalStatus.fromInput("党员")).contains(PoliticalStatus.CPC_MEMBER);
        assertThat(PoliticalStatus.fromInput("共青团员")).contains(PoliticalStatus.CYL_MEMBER);
        assertThat(PoliticalStatus.fromInput("团员")).contains(PoliticalStatus.CYL_MEMBER);
        assertThat(PoliticalStatus.fromInput("3")).contains(PoliticalStatus.DEMOCRATIC_PARTY_MEMBER);
        assertThat(PoliticalStatus.fromInput("5")).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "10", "x", "本科", "\u3000"})
    void unknownEducationIsEmpty(String input) {
        assertThat(Education.fromInput(input)).isEmpty();
    }

    @Test
    void nationality() {
        assertThat(Nationality.fromInput("中国")).contains(Nationality.CHN);
        assertThat(Nationality.fromInput("CHN")).contains(Nationality.CHN);
        assertThat(Nationality.fromInput("156")).contains(Nationality.CHN);
        assertThat(Nationality.fromInput(" ＣＨＮ ")).contains(Nationality.CHN);
        assertThat(Nationality.CHN.label()).isEqualTo("中国");
        assertThat(Nationality.fromInput("SGP")).contains(new Nationality("SGP"));
        assertThat(Nationality.fromInput("SGP").map(Nationality::label)).contains("SGP");
        assertThat(Nationality.fromInput("sgp")).isEmpty();
        assertThat(Nationality.fromInput("SG")).isEmpty();
        for (String unassigned : List.of("ZZZ", "XXX", "QQQ", "AAA")) {
            assertThat(Nationality.fromInput(unassigned)).as(unassigned).isEmpty();
            assertThatThrownBy(() -> new Nationality(unassigned)).isInstanceOf(IllegalArgumentException.class);
        }
        for (String assigned : List.of("FRA", "USA", "JPN", "KOR", "SGP", "TWN", "HKG", "MAC")) {
            assertThat(Nationality.fromInput(assigned).map(Nationality::code)).as(assigned).contains(assigned);
        }
        assertThat(Nationality.fromInput("702")).isEmpty();
        assertThat(Nationality.fromInput(null)).isEmpty();
        assertThatThrownBy(() -> new Nationality("chn")).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> labels(CodedValue[] values) {
        return java.util.Arrays.stream(values).map(v -> v.code() + v.label()).toList();
    }
}
