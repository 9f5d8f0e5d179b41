package cn.unioncard.registry.events.validation;

import cn.unioncard.registry.testing.Reference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of the check schemes: a check character computed for any body makes the whole
 * valid, and every single-character substitution in the body is caught — except where the
 * scheme itself cannot catch it (GB 11714 with letters, documented below).
 */
class CheckCharacterPropertiesTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 6, 1);
    private static final String USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final String ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // ---- GB 11643 resident ID ----

    @Property
    void residentIdCheckMatchesReference(@ForAll("digits17") String body) {
        assertThat(ResidentIdNumber.checkCharacter(body)).isEqualTo(Reference.residentIdCheck(body));
    }

    @Property
    void plausibleBodyPlusCheckIsAValidId(@ForAll("residentIdBodies") String body) {
        var result = ResidentIdNumber.parse(body + ResidentIdNumber.checkCharacter(body), TODAY);
        assertThat(result.errorCode()).isEmpty();
        assertThat(result.normalised()).contains(body + Reference.residentIdCheck(body));
    }

    @Property
    void anySingleDigitChangeOfTheBodyBreaksTheId(@ForAll("residentIdBodies") String body,
                                                  @ForAll @IntRange(min = 0, max = 16) int position,
                                                  @ForAll @IntRange(min = 1, max = 9) int delta) {
        String id = body + ResidentIdNumber.checkCharacter(body);
        char changed = (char) ('0' + (id.charAt(position) - '0' + delta) % 10);
        String corrupted = id.substring(0, position) + changed + id.substring(position + 1);
        assertThat(ResidentIdNumber.parse(corrupted, TODAY).isValid()).isFalse();
        // and on the check level alone, for any 17 digits
        String changedBody = corrupted.substring(0, 17);
        assertThat(ResidentIdNumber.checkCharacter(changedBody)).isNotEqualTo(ResidentIdNumber.checkCharacter(body));
    }

    @Provide
    Arbitrary<String> digits17() {
        return Arbitraries.strings().numeric().ofLength(17);
    }

    @Provide
    Arbitrary<String> residentIdBodies() {
        // A province code of GB/T 2260 (written out here, independently of the code under test), then any 4 digits.
        Arbitrary<String> region = Combinators.combine(
                Arbitraries.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
                        50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83),
                Arbitraries.integers().between(0, 9999)).as((p, rest) -> p + String.format("%04d", rest));
        Arbitrary<LocalDate> birth = Arbitraries.longs()
                .between(LocalDate.of(1900, 1, 1).toEpochDay(), TODAY.toEpochDay()).map(LocalDate::ofEpochDay);
        Arbitrary<String> sequence = Arbitraries.integers().between(0, 999).map(i -> String.format("%03d", i));
        return Combinators.combine(region, birth, sequence)
                .as((r, b, s) -> r + b.toString().replace("-", "") + s);
    }

    // ---- GB 32100 unified social credit code ----

    @Property
    void usccBodyPlusCheckIsValid(@ForAll("usccBodies") String body) {
        char check = SocialCreditCode.checkCharacter(body);
        assertThat(check).isEqualTo(Reference.socialCreditCheck(body));
        assertThat(SocialCreditCode.isValid(body + check)).isTrue();
    }

    @Property
    void anySingleCharacterChangeBreaksAUscc(@ForAll("usccBodies") String body,
                                              @ForAll @IntRange(min = 0, max = 17) int position,
                                              @ForAll @IntRange(min = 1, max = 30) int delta) {
        // 31 is prime and every weight and value difference is below 31: nothing slips through
        String code = body + SocialCreditCode.checkCharacter(body);
        char changed = USCC_CHARSET.charAt((USCC_CHARSET.indexOf(code.charAt(position)) + delta) % 31);
        String corrupted = code.substring(0, position) + changed + code.substring(position + 1);
        assertThat(SocialCreditCode.isValid(corrupted)).isFalse();
        var out = new Violations();
        SocialCreditCode.validate("uscc", corrupted, out);
        assertThat(out.warnings()).extracting(Violation::code).containsExactly("social-credit-code.check-character");
    }

    @Provide
    Arbitrary<String> usccBodies() {
        return Arbitraries.strings().withChars(USCC_CHARSET.toCharArray()).ofLength(17);
    }

    // ---- GB 11714 organisation code ----

    @Property
    void organisationBodyPlusCheckIsValid(@ForAll("orgBodies") String body) {
        char check = OrganisationCode.checkCharacter(body);
        assertThat(check).isEqualTo(Reference.organisationCheck(body));
        assertThat(OrganisationCode.isValid(body + "-" + check)).isTrue();
        assertThat(OrganisationCode.isValid(body + check)).isTrue();
    }

    @Property
    void singleCharacterChangesOfTheOrganisationBodyAreCaught(@ForAll("orgBodies") String body,
                                                             @ForAll @IntRange(min = 0, max = 7) int position,
                                                             @ForAll @IntRange(min = 1, max = 35) int delta) {
        // Values run to 35 but the modulus is 11: a change by 11, 22 or 33 (e.g. 0 → B) leaves
        // S mod 11 unchanged. That is a weakness of GB 11714 itself, so those changes are excluded;
        // every change between two digits (difference below 11) is caught.
        Assume.that(delta % 11 != 0);
        String code = body + "-" + OrganisationCode.checkCharacter(body);
        char changed = ORG_CHARSET.charAt((ORG_CHARSET.indexOf(code.charAt(position)) + delta) % 36);
        Assume.that(Math.abs(ORG_CHARSET.indexOf(changed) - ORG_CHARSET.indexOf(code.charAt(position))) % 11 != 0);
        String corrupted = code.substring(0, position) + changed + code.substring(position + 1);
        assertThat(OrganisationCode.isValid(corrupted)).isFalse();
    }

    @Property
    void differencesOfElevenAreInvisibleToGb11714(@ForAll("orgBodies") String body,
                                                 @ForAll @IntRange(min = 0, max = 7) int position) {
        int value = ORG_CHARSET.indexOf(body.charAt(position));
        Assume.that(value + 11 < 36);
        String shifted = body.substring(0, position) + ORG_CHARSET.charAt(value + 11) + body.substring(position + 1);
        assertThat(OrganisationCode.checkCharacter(shifted)).isEqualTo(OrganisationCode.checkCharacter(body));
    }

    @Provide
    Arbitrary<String> orgBodies() {
        return Arbitraries.strings().withChars(ORG_CHARSET.toCharArray()).ofLength(8);
    }

    // ---- Luhn ----

    @Property
    void luhnCheckDigitMakesAValidCardNumber(@ForAll("cardPayloads") String payload) {
        String card = payload + BankCardNumber.luhnCheckDigit(payload);
        assertThat(Reference.luhn(card)).isTrue();
        assertThat(BankCardNumber.isValid(card)).isTrue();
    }

    @Property
    void anySingleDigitChangeBreaksLuhn(@ForAll("cardPayloads") String payload,
                                        @ForAll @IntRange(min = 0, max = 18) int position,
                                        @ForAll @IntRange(min = 1, max = 9) int delta) {
        String card = payload + BankCardNumber.luhnCheckDigit(payload);
        int p = position % card.length();
        char changed = (char) ('0' + (card.charAt(p) - '0' + delta) % 10);
        String corrupted = card.substring(0, p) + changed + card.substring(p + 1);
        assertThat(BankCardNumber.isValid(corrupted)).isFalse();
        assertThat(BankCardNumber.luhnValid(corrupted)).isEqualTo(Reference.luhn(corrupted)).isFalse();
    }

    @Property
    void luhnAgreesWithReference(@ForAll("cardNumbers") String digits) {
        assertThat(BankCardNumber.luhnValid(digits)).isEqualTo(Reference.luhn(digits));
    }

    @Provide
    Arbitrary<String> cardPayloads() {
        return Arbitraries.strings().numeric().ofMinLength(15).ofMaxLength(18);
    }

    @Provide
    Arbitrary<String> cardNumbers() {
        return Arbitraries.strings().numeric().ofMinLength(16).ofMaxLength(19);
    }
}
