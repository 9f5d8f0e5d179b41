package cn.unioncard.registry.events.codes;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class EthnicGroupTest {

    @ParameterizedTest
    @ValueSource(strings = {"回", "回族", "3", "03", "０３", " 回族 ", "3 回族", "03、回"})
    void everySpellingOfHui(String input) {
        assertThat(EthnicGroup.fromInput(input)).contains(EthnicGroup.HUI);
    }

    @ParameterizedTest
    @CsvSource({
            "毛难, 36, 毛南",
            "毛难族, 36, 毛南",
            "毛南族, 36, 毛南",
            "崩龙, 46, 德昂",
            "崩龙族, 46, 德昂",
            "德昂, 46, 德昂",
            "汉, 01, 汉",
            "汉族, 01, 汉",
            "1, 01, 汉",
            "土, 30, 土",
            "土族, 30, 土",
            "土家族, 15, 土家",
            "56, 56, 基诺",
            "基诺族, 56, 基诺",
            "97, 97, 其他",
            "其他, 97, 其他",
            "98, 98, 外国血统中国籍人士",
            "外国血统中国籍人士, 98, 外国血统中国籍人士"
    })
    void namesCodesAndLegacyNames(String input, String code, String label) {
        var group = EthnicGroup.fromInput(input).orElseThrow();
        assertThat(group.code()).isEqualTo(code);
        assertThat(group.label()).isEqualTo(label);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "57", "96", "99", "族", "其他族", "汉人", "3 汉族", "Han"})
    void unknownInputIsEmpty(String input) {
        assertThat(EthnicGroup.fromInput(input)).isEmpty();
    }

    @Test
    void fullNameAddsZuExceptForOtherAndForeignOrigin() {
        assertThat(EthnicGroup.HUI.fullName()).isEqualTo("回族");
        assertThat(EthnicGroup.WEIWUER.fullName()).isEqualTo("维吾尔族");
        assertThat(EthnicGroup.OTHER.fullName()).isEqualTo("其他");
        assertThat(EthnicGroup.FOREIGN_ORIGIN.fullName()).isEqualTo("外国血统中国籍人士");
    }

    @Test
    void tableMatchesGbT3304() {
        assertThat(EthnicGroup.values()).hasSize(58);
        String expected = "01汉 02蒙古 03回 04藏 05维吾尔 06苗 07彝 08壮 09布依 10朝鲜 11满 12侗 13瑶 14白 15土家 "
                + "16哈尼 17哈萨克 18傣 19黎 20傈僳 21佤 22畲 23高山 24拉祜 25水 26东乡 27纳西 28景颇 29柯尔克孜 "
                + "30土 31达斡尔 32仫佬 33羌 34布朗 35撒拉 36毛南 37仡佬 38锡伯 39阿昌 40普米 41塔吉克 42怒 "
                + "43乌孜别克 44俄罗斯 45鄂温克 46德昂 47保安 48裕固 49京 50塔塔尔 51独龙 52鄂伦春 53赫哲 54门巴 "
                + "55珞巴 56基诺 97其他 98外国血统中国籍人士";
        assertThat(Arrays.stream(EthnicGroup.values()).map(g -> g.code() + g.label()).collect(Collectors.joining(" ")))
                .isEqualTo(expected);
        for (EthnicGroup g : EthnicGroup.values()) {
            assertThat(EthnicGroup.fromInput(g.code())).contains(g);
            assertThat(EthnicGroup.fromInput(String.valueOf(Integer.parseInt(g.code())))).contains(g);
            assertThat(EthnicGroup.fromInput(g.label())).contains(g);
            assertThat(EthnicGroup.fromInput(g.fullName())).contains(g);
        }
    }
}
