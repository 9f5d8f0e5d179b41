package cn.unioncard.registry.events.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void foldsFullWidthDigitsLettersSpaceAndHyphen() {
        assertThat(Text.toHalfWidth("０１２３４５６７８９")).isEqualTo("0123456789");
        assertThat(Text.toHalfWidth("ＡＢＣＸＹＺａｂｃｘｙｚ")).isEqualTo("ABCXYZabcxyz");
        assertThat(Text.toHalfWidth("\u3000－")).isEqualTo(" -");
        assertThat(Text.toHalfWidth("＋８６")).isEqualTo("+86");
    }

    @Test
    void leavesChineseAndAsciiAlone() {
        assertThat(Text.toHalfWidth("高中、技校 abc-1")).isEqualTo("高中、技校 abc-1");
        assertThat(Text.toHalfWidth("（厦门）")).isEqualTo("（厦门）");
        assertThat(Text.toHalfWidth(null)).isNull();
        String ascii = "unchanged";
        assertThat(Text.toHalfWidth(ascii)).isSameAs(ascii);
    }

    @Test
    void collapsesWhitespace() {
        assertThat(Text.collapseWhitespace("  厦门市 \u3000\t 思明区\u00A0\u00A0工会 ")).isEqualTo("厦门市 思明区 工会");
        assertThat(Text.collapseWhitespace("\u3000\u3000")).isEmpty();
        assertThat(Text.collapseWhitespace("a")).isEqualTo("a");
        assertThat(Text.collapseWhitespace(null)).isNull();
    }

    @Test
    void findsControlCharacters() {
        assertThat(Text.hasControlCharacters("张三")).isFalse();
        assertThat(Text.hasControlCharacters("张\u0000三")).isTrue();
        assertThat(Text.hasControlCharacters("line\nbreak")).isTrue();
        assertThat(Text.hasControlCharacters("tab\t")).isTrue();
        assertThat(Text.hasControlCharacters("del\u007F")).isTrue();
        assertThat(Text.hasControlCharacters("c1\u0085")).isTrue();
        assertThat(Text.hasControlCharacters("\u3000 ")).isFalse();
        assertThat(Text.hasControlCharacters(null)).isFalse();
    }

    @Test
    void bidiControlsZeroWidthAndOtherInvisibleCharactersAreFound() {
        String[] invisible = {"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
                "\u2069", "\u200E", "\u200F", "\u061C", "\u200B", "\u200C", "\u200D", "\u2060", "\u2061",
                "\u2062", "\u2063", "\u2064", "\uFEFF", "\u00AD", "\u180E", "\u2028", "\u2029", "\u3164",
                "\uD800", "\uDC00", "\uDB40\uDC01"};
        for (String c : invisible) {
            assertThat(Text.hasInvisibleCharacters("张" + c + "三")).as("U+%04X", (int) c.charAt(0)).isTrue();
        }
        assertThat(Text.hasInvisibleCharacters("阿依古丽·买买提 O'Brien-Smith 😀 𠀀")).isFalse();
        assertThat(Text.hasInvisibleCharacters("厦门\u3000思明\u00A0区")).isFalse();
        assertThat(Text.hasInvisibleCharacters(null)).isFalse();
    }

    @Test
    void textIsComposedToNfc() {
        String decomposed = "Jose\u0301 Mu\u0308ller";
        assertThat(Text.nfc(decomposed)).isEqualTo("Jos\u00E9 M\u00FCller");
        String chinese = "厦门市思明区";
        assertThat(Text.nfc(chinese)).isSameAs(chinese);
        assertThat(Text.nfc(null)).isNull();
    }
}
