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
}
