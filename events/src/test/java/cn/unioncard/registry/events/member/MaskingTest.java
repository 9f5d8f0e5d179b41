package cn.unioncard.registry.events.member;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class MaskingTest {

    /** Characters that can appear in the values masked; '*' deliberately excluded so shown characters can be counted. */
    private static final String ID_CHARS = "0123456789X";

    // ---- examples ----

    @Test
    void examples() {
        assertThat(Masking.idNumber("350203198506121237")).isEqualTo("350203********1237");
        assertThat(Masking.idNumber("11010519491231002X")).isEqualTo("110105********002X");
        assertThat(Masking.mobile("13812345678")).isEqualTo("138****5678");
    }

    @ParameterizedTest
    @CsvSource({
            "E12345678, *****5678",   // 9 characters: the last 4
            "AB12, **12",             // 4 characters: half
            "ABC, **C",               // 3 characters: 1
            "A, *",                   // 1 character: nothing
            "350203850612123, ***********2123" // a 15-digit legacy number is not an 18-character ID
    })
    void otherDocumentNumbersKeepAtMostTheirLastFour(String raw, String masked) {
        assertThat(Masking.idNumber(raw)).isEqualTo(masked);
    }

    @Test
    void otherMobileLengthsKeepAtMostTheirLastFour() {
        assertThat(Masking.mobile("05922345678")).isEqualTo("059****5678"); // 11 characters, first 3 + last 4
        assertThat(Masking.mobile("0592-2345678")).isEqualTo("********5678");
        assertThat(Masking.mobile("12")).isEqualTo("*2");
    }

    @Test
    void addressExamples() {
        assertThat(Masking.address("厦门市思明区湖滨南路100号")).isEqualTo("厦门市思明区****");
        assertThat(Masking.address("思明区湖滨")).isEqualTo("思明****");
        assertThat(Masking.address("厦")).isEqualTo("****");
        assertThat(Masking.address("")).isEqualTo("****");
    }

    @Property
    void cardNumbersShowOnlyTheBankPrefixAndTheLastFourDigits(@ForAll("cardNumbers") String number) {
        String masked = Masking.cardNumber(number);
        assertThat(masked).matches("\\d{4} \\*{4} \\*{4} \\d{4}");
        assertThat(masked).startsWith(number.substring(0, 4)).endsWith(number.substring(number.length() - 4));
        assertThat(masked.chars().filter(Character::isDigit).count()).isEqualTo(8);
    }

    @Provide
    Arbitrary<String> cardNumbers() {
        return Arbitraries.strings().numeric().ofMinLength(16).ofMaxLength(19);
    }

    @Test
    void nullStaysNull() {
        assertThat(Masking.cardNumber(null)).isNull();
        assertThat(Masking.idNumber(null)).isNull();
        assertThat(Masking.mobile(null)).isNull();
        assertThat(Masking.address(null)).isNull();
    }

    /**
     * Addresses may contain rare characters outside the BMP (Extension B, e.g. 𡐓 U+21413, a
     * surrogate pair in Java). Masking must not cut such a character in half: a lone surrogate
     * is not valid text and is mangled or refused when the masked value is serialised.
     */
    @Test
    void addressMaskingNeverSplitsACharacter() {
        String address = "福州𡐓𡐓𡐓路1号"; // 8 characters, 11 UTF-16 units: 5 units kept = 福州 𡐓 + half a 𡐓
        String masked = Masking.address(address);
        assertThat(masked).endsWith("****");
        assertThat(isWellFormed(masked)).as("masked %s is well-formed UTF-16", masked).isTrue();
    }

    // ---- properties ----

    @Property
    void eighteenCharacterIdsKeepRegionAndLastFour(@ForAll("ids18") String id) {
        String masked = Masking.idNumber(id);
        assertThat(masked).hasSize(18);
        assertThat(shown(masked)).isLessThanOrEqualTo(10);
        for (int i = 6; i < 14; i++) {
            assertThat(masked.charAt(i)).as("position %d", i).isEqualTo('*');
        }
        assertThat(masked.substring(0, 6)).isEqualTo(id.substring(0, 6));
        assertThat(masked.substring(14)).isEqualTo(id.substring(14));
    }

    @Property
    void elevenDigitMobilesShowAtMostSevenDigits(@ForAll("mobiles") String mobile) {
        String masked = Masking.mobile(mobile);
        assertThat(masked).hasSize(11);
        assertThat(shown(masked)).isLessThanOrEqualTo(7);
        assertThat(masked.substring(3, 7)).isEqualTo("****");
        assertThat(masked.substring(0, 3)).isEqualTo(mobile.substring(0, 3));
        assertThat(masked.substring(7)).isEqualTo(mobile.substring(7));
    }

    @Property
    void otherIdNumbersShowAtMostMinFourHalf(@ForAll("otherValues") String value) {
        Assume.that(value.length() != 18);
        assertTailMasked(value, Masking.idNumber(value));
    }

    @Property
    void otherMobilesShowAtMostMinFourHalf(@ForAll("otherValues") String value) {
        Assume.that(value.length() != 11);
        assertTailMasked(value, Masking.mobile(value));
    }

    @Property
    void addressesNeverShowMoreThanHalf(@ForAll("addresses") String address) {
        String masked = Masking.address(address);
        assertThat(masked).endsWith("****");
        String shown = masked.substring(0, masked.length() - 4);
        assertThat(address).startsWith(shown);
        assertThat(shown.length() * 2).isLessThanOrEqualTo(address.length());
        assertThat(shown.length()).isLessThanOrEqualTo(6);
    }

    /**
     * "Half" counted in characters as a reader sees them (code points), not UTF-16 units: with
     * Extension B characters in the address the unit count overstates the length. Only whole
     * characters are counted as shown (a cut-off half character shows nothing legible).
     */
    @Property
    void addressesNeverShowMoreThanHalfOfTheirCharacters(@ForAll("unicodeAddresses") String address) {
        String masked = Masking.address(address);
        String shown = masked.substring(0, masked.length() - 4);
        assertThat(address).startsWith(shown);
        long wholeCharactersShown = shown.codePoints().filter(cp -> !Character.isSurrogate((char) cp) || cp > 0xFFFF)
                .count();
        assertThat(wholeCharactersShown * 2).as("%s masked as %s", address, masked)
                .isLessThanOrEqualTo(address.codePointCount(0, address.length()));
    }

    private static void assertTailMasked(String value, String masked) {
        int n = value.length();
        int maxShown = Math.min(4, n / 2);
        assertThat(masked).hasSize(n);
        assertThat(shown(masked)).isLessThanOrEqualTo(maxShown);
        // everything before the last maxShown characters is masked, and what shows is the original tail
        for (int i = 0; i < n - maxShown; i++) {
            assertThat(masked.charAt(i)).as("position %d of %s", i, masked).isEqualTo('*');
        }
        for (int i = n - maxShown; i < n; i++) {
            char c = masked.charAt(i);
            assertThat(c == '*' || c == value.charAt(i)).as("position %d of %s", i, masked).isTrue();
        }
    }

    private static int shown(String masked) {
        return (int) masked.chars().filter(c -> c != '*').count();
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<String> ids18() {
        return Arbitraries.strings().withChars(ID_CHARS).ofLength(18);
    }

    @Provide
    Arbitrary<String> mobiles() {
        return Arbitraries.strings().numeric().ofLength(11);
    }

    @Provide
    Arbitrary<String> otherValues() {
        return Arbitraries.strings().withChars(ID_CHARS + "ABCDEFGHJK-+ ").ofMinLength(1).ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.strings().withChars("厦门市思明区湖滨南路号楼室0123456789 -ABC").ofMinLength(0).ofMaxLength(60);
    }

    /** BMP Chinese plus a few Extension B characters (surrogate pairs). */
    @Provide
    Arbitrary<String> unicodeAddresses() {
        Arbitrary<String> bmp = Arbitraries.of("厦", "门", "路", "号", "1", "区");
        Arbitrary<String> rare = Arbitraries.of("𡐓", "𠮷", "𪚥");
        return Arbitraries.oneOf(bmp, rare).list().ofMinSize(0).ofMaxSize(30).map(l -> String.join("", l));
    }
}
