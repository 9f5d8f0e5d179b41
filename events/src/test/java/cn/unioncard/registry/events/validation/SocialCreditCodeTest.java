package cn.unioncard.registry.events.validation;

import cn.unioncard.registry.testing.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SocialCreditCodeTest {

    /*
     * Hand computations (charset 0123456789ABCDEFGHJKLMNPQRTUWXY, A=10 … H=17, J=18 … N=22,
     * P=23, Q=24, R=25, T=26, U=27, W=28, X=29, Y=30; weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28):
     *
     * 91440300708461136T (Tencent, Shenzhen):
     *   9·1 + 1·3 + 4·9 + 4·27 + 0·19 + 3·26 + 0·16 + 0·17 + 7·20 + 0·29 + 8·25 + 4·13 + 6·8
     *   + 1·24 + 1·10 + 3·30 + 6·28
     *   = 9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 140 + 0 + 200 + 52 + 48 + 24 + 10 + 90 + 168 = 966
     *   966 mod 31 = 5 (31·31 = 961); 31 − 5 = 26 → T ✓
     *
     * 914403001922038216 (Huawei, Shenzhen):
     *   9 + 3 + 36 + 108 + 0 + 78 + 0 + 0 + 1·20 + 9·29 + 2·25 + 2·13 + 0·8 + 3·24 + 8·10 + 2·30 + 1·28
     *   = 156 + 78 + 20 + 261 + 50 + 26 + 0 + 72 + 80 + 60 + 28 = 831
     *   831 mod 31 = 25 (31·26 = 806); 31 − 25 = 6 → 6 ✓
     *
     * 91330100799655058B (Alibaba (China), Hangzhou): checked against Reference in the test below.
     *
     * Their embedded organisation codes 70846113-6, 19220382-1 and 79965505-8 are hand-checked
     * in OrganisationCodeTest.
     */
    private static final String TENCENT = "91440300708461136T";
    private static final String HUAWEI = "914403001922038216";
    private static final String ALIBABA = "91330100799655058B";

    @ParameterizedTest
    @ValueSource(strings = {TENCENT, HUAWEI, ALIBABA})
    void realCodesAreValid(String code) {
        assertThat(Reference.socialCreditCheck(code.substring(0, 17))).isEqualTo(code.charAt(17));
        assertThat(SocialCreditCode.checkCharacter(code.substring(0, 17))).isEqualTo(code.charAt(17));
        assertThat(SocialCreditCode.isValid(code)).isTrue();
        var out = new Violations();
        SocialCreditCode.validate("uscc", code, out);
        assertThat(out.isEmpty()).isTrue();
    }

    @Test
    void embeddedOrganisationCodeIsPositionsNineToSeventeen() {
        assertThat(SocialCreditCode.embeddedOrganisationCode(TENCENT)).contains("70846113-6");
        assertThat(SocialCreditCode.embeddedOrganisationCode(HUAWEI)).contains("19220382-1");
        assertThat(SocialCreditCode.embeddedOrganisationCode(ALIBABA.toLowerCase())).contains("79965505-8");
        assertThat(SocialCreditCode.embeddedOrganisationCode(TENCENT).map(OrganisationCode::isValid)).contains(true);
        assertThat(SocialCreditCode.embeddedOrganisationCode("9144030070846113")).isEmpty();
    }

    @Test
    void generatedCodesAgreeWithTheReference() {
        String charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        var random = new Random(32100);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 17; i++) {
                body.append(charset.charAt(random.nextInt(charset.length())));
            }
            String code = body.toString() + Reference.socialCreditCheck(body.toString());
            assertThat(SocialCreditCode.isValid(code)).as("generated code %s", code).isTrue();
        }
    }

    @Test
    void normalisesCaseWidthAndSurroundingBlanks() {
        assertThat(SocialCreditCode.normalise(" 91440300708461136t ")).contains(TENCENT);
        assertThat(SocialCreditCode.normalise("９１４４０３００７０８４６１１３６Ｔ")).contains(TENCENT);
        assertThat(SocialCreditCode.isValid("91330100799655058b")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "91440300708461136U",  // check character changed
            "91440300708461137T",  // last body character changed
            "81440300708461136T",  // first character changed
            "91440300708461163T",  // transposition 3↔6 at weights 30 and 28
            "19440300708461136T",  // transposition of the first two characters
            "91440300708461136A",  // check character changed to a letter
            "914403001922038217",  // Huawei, check character changed
            "914403001922038226",  // Huawei, body character changed
            "91330100799655058C",  // Alibaba, check character changed
            "91330100799655508B",  // Alibaba, transposition 5↔0 at weights 10 and 30
            "91350200612003327R"   // well-formed but its check character computes to P
    })
    void checkCharacterFailureIsAWarning(String code) {
        assertThat(SocialCreditCode.isValid(code)).isFalse();
        assertThat(SocialCreditCode.normalise(code)).isPresent();
        var out = new Violations();
        SocialCreditCode.validate("uscc", code, out);
        assertThat(out.hasErrors()).isFalse();
        assertThat(out.warnings()).extracting(Violation::code).containsExactly("social-credit-code.check-character");
        assertThat(out.warnings().get(0).zh() + out.warnings().get(0).en()).doesNotContain(code);
        out.throwIfAny(); // a warning alone does not throw
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "91440300708461136",   // too short (17)
            "91440300708461136TT", // too long (19)
            "914403007084611I6T",  // I is not in the charset
            "914403007084611O6T",  // O is not in the charset
            "914403007084611Z6T",  // Z is not in the charset
            "914403007084611S6T",  // S is not in the charset
            "914403007084611V6T",  // V is not in the charset
            "91440300708461136I",  // I as check character
            "9144030070846113-6T", // separator
            "91440300 708461136T", // inner space
            "91440300708461136$"   // illegal character
    })
    void shapeFailureIsAnError(String code) {
        assertThat(SocialCreditCode.isValid(code)).isFalse();
        assertThat(SocialCreditCode.normalise(code)).isEmpty();
        var out = new Violations();
        SocialCreditCode.validate("uscc", code, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("social-credit-code.format");
        assertThat(out.warnings()).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void blankIsAFormatError(String raw) {
        var out = new Violations();
        SocialCreditCode.validate("uscc", raw, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("social-credit-code.format");
    }

    @Test
    void checkCharacterRefusesLettersOutsideTheCharset() {
        assertThatThrownBy(() -> SocialCreditCode.checkCharacter("9144030070846113I"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SocialCreditCode.checkCharacter("914403007084611"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
