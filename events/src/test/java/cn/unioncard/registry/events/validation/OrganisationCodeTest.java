package cn.unioncard.registry.events.validation;

import cn.unioncard.registry.testing.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganisationCodeTest {

    /*
     * Hand computations (weights 3 7 9 10 5 8 4 2, A=10 … Z=35, check = 11 − S mod 11):
     *
     * 12345678: 1·3 + 2·7 + 3·9 + 4·10 + 5·5 + 6·8 + 7·4 + 8·2
     *         = 3 + 14 + 27 + 40 + 25 + 48 + 28 + 16 = 201; 201 mod 11 = 3; 11 − 3 = 8  → 12345678-8
     *
     * 70846113 (embedded in Tencent's USCC 91440300708461136T):
     *           7·3 + 0·7 + 8·9 + 4·10 + 6·5 + 1·8 + 1·4 + 3·2
     *         = 21 + 0 + 72 + 40 + 30 + 8 + 4 + 6 = 181; 181 mod 11 = 5; 11 − 5 = 6  → 70846113-6
     *
     * 19220382 (embedded in Huawei's USCC 914403001922038216):
     *           1·3 + 9·7 + 2·9 + 2·10 + 0·5 + 3·8 + 8·4 + 2·2
     *         = 3 + 63 + 18 + 20 + 0 + 24 + 32 + 4 = 164; 164 mod 11 = 10; 11 − 10 = 1 → 19220382-1
     *
     * 79965505 (embedded in Alibaba's USCC 91330100799655058B):
     *           21 + 63 + 81 + 60 + 25 + 40 + 0 + 10 = 300; 300 mod 11 = 3; 11 − 3 = 8 → 79965505-8
     *
     * 000A0000: A=10 at weight 10 → S = 100; 100 mod 11 = 1; 11 − 1 = 10 → X   → 000A0000-X
     * 10000004: 1·3 + 4·2 = 11; 11 mod 11 = 0; 11 − 0 = 11 → 0                → 10000004-0
     */

    @ParameterizedTest
    @ValueSource(strings = {"12345678-8", "70846113-6", "19220382-1", "79965505-8", "000A0000-X", "10000004-0"})
    void handComputedCodesAreValid(String code) {
        assertThat(OrganisationCode.isValid(code)).isTrue();
        assertThat(OrganisationCode.normalise(code)).contains(code);
        assertThat(OrganisationCode.checkCharacter(code.substring(0, 8))).isEqualTo(code.charAt(9));
    }

    @Test
    void tenBecomesXAndElevenBecomesZero() {
        assertThat(OrganisationCode.checkCharacter("000A0000")).isEqualTo('X');
        assertThat(OrganisationCode.checkCharacter("00000006")).isEqualTo('X'); // 6·2 = 12 ≡ 1
        assertThat(OrganisationCode.checkCharacter("10000004")).isEqualTo('0');
        assertThat(OrganisationCode.checkCharacter("00000000")).isEqualTo('0'); // S = 0
    }

    @Test
    void agreesWithTheReferenceOnManyBodies() {
        var random = new java.util.Random(11714);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                body.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            char expected = Reference.organisationCheck(body.toString());
            assertThat(OrganisationCode.checkCharacter(body.toString())).isEqualTo(expected);
            assertThat(OrganisationCode.isValid(body + "-" + expected)).isTrue();
        }
    }

    @Test
    void normalisesHyphenCaseWidthAndBlanks() {
        assertThat(OrganisationCode.normalise("708461136")).contains("70846113-6");
        assertThat(OrganisationCode.normalise("  000a0000-x ")).contains("000A0000-X");
        assertThat(OrganisationCode.normalise("７０８４６１１３－６")).contains("70846113-6");
        assertThat(OrganisationCode.isValid("000a0000x")).isTrue();
        // normalise checks the shape only
        assertThat(OrganisationCode.normalise("70846113-5")).contains("70846113-5");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "70846113-5",   // check character changed
            "70846118-6",   // body digit changed (3 → 8)
            "70846I13-6",   // body digit changed to a letter (1 → I = 18)
            "7O846113-6",   // letter O typed for zero
            "78046113-6",   // transposition 0↔8: S changes by (0−8)(7−9) = 16 ≢ 0 (mod 11)
            "70841613-6",   // transposition 6↔1 at weights 5 and 8: S changes by 5·(8−5) = 15 ≢ 0
            "12345687-8",   // transposition 7↔8 at weights 4 and 2: S changes by 1·(4−2) = 2
            "12345678-X",   // wrong check character X
            "7084611-6",    // body too short
            "708461130-6",  // body too long
            "70846113-",    // check character missing
            "70846113-66",  // two check characters
            "7084611$-6",   // illegal character
            "70846113_6",   // wrong separator
            "70846113--6",  // doubled hyphen
            "70846113-A",   // a check character can only be a digit or X
            "７０８４６１１３－５", // full width, wrong check
            "70846 113-6"   // inner space
    })
    void corruptedCodesAreRejected(String code) {
        assertThat(OrganisationCode.isValid(code)).isFalse();
        var out = new Violations();
        OrganisationCode.validate("employerOrganisationCode", code, out);
        assertThat(out.errors()).hasSize(1);
        assertThat(out.list().get(0).code()).isIn("organisation-code.format", "organisation-code.check-character");
        assertThat(out.list().get(0).zh() + out.list().get(0).en()).doesNotContain(code);
    }

    @Test
    void validateDistinguishesFormatFromCheckCharacter() {
        var out = new Violations();
        OrganisationCode.validate("a", "70846113-5", out);
        OrganisationCode.validate("b", "7084611$-6", out);
        OrganisationCode.validate("c", "70846113-6", out);
        assertThat(out.list()).extracting(Violation::field, Violation::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", "organisation-code.check-character"),
                org.assertj.core.groups.Tuple.tuple("b", "organisation-code.format"));
        assertThat(out.list()).allMatch(Violation::isError);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\u3000"})
    void blankIsAFormatError(String raw) {
        var out = new Violations();
        OrganisationCode.validate("f", raw, out);
        assertThat(out.list()).extracting(Violation::code).containsExactly("organisation-code.format");
        assertThat(OrganisationCode.isValid(raw)).isFalse();
    }

    @Test
    void checkCharacterRefusesAMalformedBody() {
        assertThatThrownBy(() -> OrganisationCode.checkCharacter("1234567"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OrganisationCode.checkCharacter("1234567a"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
