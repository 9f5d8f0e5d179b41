package cn.unioncard.registry.events.validation;

import cn.unioncard.registry.testing.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ResidentIdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 6, 1);

    /*
     * 11010519491231002X (the GB 11643 example): weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
     *   1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5 + 0·8 + 0·4 + 2·2
     *   = 7 + 9 + 0 + 5 + 0 + 20 + 2 + 9 + 24 + 27 + 7 + 18 + 30 + 5 + 0 + 0 + 4 = 167
     *   167 mod 11 = 2 → "10X98765432"[2] = X ✓
     * 321083197812162119:
     *   3·7 + 2·9 + 1·10 + 0·5 + 8·8 + 3·4 + 1·2 + 9·1 + 7·6 + 8·3 + 1·7 + 2·9 + 1·10 + 6·5 + 2·8 + 1·4 + 1·2
     *   = 21 + 18 + 10 + 0 + 64 + 12 + 2 + 9 + 42 + 24 + 7 + 18 + 10 + 30 + 16 + 4 + 2 = 289
     *   289 mod 11 = 3 → "10X98765432"[3] = 9 ✓
     */
    private static final String BEIJING = "11010519491231002X";
    private static final String JIANGSU = "321083197812162119";

    @Test
    void knownNumbersAreValid() {
        var a = ResidentIdNumber.parse(BEIJING, TODAY);
        assertThat(a.isValid()).isTrue();
        assertThat(a.normalised()).contains(BEIJING);
        assertThat(a.birthDate()).contains(LocalDate.of(1949, 12, 31));
        assertThat(a.convertedFrom15()).isFalse();
        assertThat(a.errorCode()).isEmpty();

        var b = ResidentIdNumber.parse(JIANGSU, TODAY);
        assertThat(b.normalised()).contains(JIANGSU);
        assertThat(b.birthDate()).contains(LocalDate.of(1978, 12, 16));
        assertThat(ResidentIdNumber.checkCharacter(JIANGSU.substring(0, 17))).isEqualTo('9');
        assertThat(ResidentIdNumber.checkCharacter(BEIJING.substring(0, 17))).isEqualTo('X');
    }

    @Test
    void lowerCaseXAndFullWidthAreNormalised() {
        assertThat(ResidentIdNumber.parse("11010519491231002x", TODAY).normalised()).contains(BEIJING);
        assertThat(ResidentIdNumber.parse(" 11010519491231002X\u3000", TODAY).normalised()).contains(BEIJING);
        assertThat(ResidentIdNumber.parse("３２１０８３１９７８１２１６２１１９", TODAY).normalised()).contains(JIANGSU);
        assertThat(ResidentIdNumber.parse("１１０１０５１９４９１２３１００２ｘ", TODAY).normalised()).contains(BEIJING);
        assertThat(ResidentIdNumber.parse("１１０１０５１９４９１２３１００２Ｘ", TODAY).normalised()).contains(BEIJING);
    }

    @Test
    void everySingleDigitCorruptionIsDetected() {
        int checked = 0;
        for (String valid : List.of(JIANGSU, BEIJING)) {
            for (int pos = 0; pos < 18; pos++) {
                for (char d = '0'; d <= '9'; d++) {
                    if (d == valid.charAt(pos)) {
                        continue;
                    }
                    String corrupted = valid.substring(0, pos) + d + valid.substring(pos + 1);
                    var result = ResidentIdNumber.parse(corrupted, TODAY);
                    assertThat(result.isValid()).as("position %d → %c", pos, d).isFalse();
                    assertThat(result.normalised()).isEmpty();
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(18 * 9 + 17 * 9 + 10);
        // and an X where a digit belongs (the check position of JIANGSU)
        assertThat(ResidentIdNumber.parse("32108319781216211X", TODAY).errorCode())
                .contains("id-number.check-character");
    }

    @Test
    void fifteenDigitNumbersAreConvertedTo18() {
        // 110105 49 1231 002 → 110105 19 49 1231 002 + check X (see the hand computation above)
        var a = ResidentIdNumber.parse("110105491231002", TODAY);
        assertThat(a.isValid()).isTrue();
        assertThat(a.convertedFrom15()).isTrue();
        assertThat(a.normalised()).contains(BEIJING);
        assertThat(a.birthDate()).contains(LocalDate.of(1949, 12, 31));

        var b = ResidentIdNumber.parse("３２１０８３７８１２１６２１１", TODAY);
        assertThat(b.convertedFrom15()).isTrue();
        assertThat(b.normalised()).contains(JIANGSU);

        // a legacy number with an impossible date is still rejected, and says it was 15 digits
        var c = ResidentIdNumber.parse("110105490231002", TODAY);
        assertThat(c.errorCode()).contains("id-number.birth-date");
        assertThat(c.convertedFrom15()).isTrue();
    }

    @Test
    void the29thOfFebruaryExistsOnlyInLeapYears() {
        assertThat(ResidentIdNumber.parse(withCheck("35020320000229123"), TODAY).birthDate())
                .contains(LocalDate.of(2000, 2, 29)); // divisible by 400
        assertThat(ResidentIdNumber.parse(withCheck("35020319960229123"), TODAY).isValid()).isTrue();
        assertThat(ResidentIdNumber.parse(withCheck("35020319000229123"), TODAY).errorCode())
                .contains("id-number.birth-date"); // 1900 is not a leap year
        assertThat(ResidentIdNumber.parse(withCheck("35020320010229123"), TODAY).errorCode())
                .contains("id-number.birth-date");
        assertThat(ResidentIdNumber.parse(withCheck("35020319990230123"), TODAY).errorCode())
                .contains("id-number.birth-date");
        assertThat(ResidentIdNumber.parse(withCheck("35020319991301123"), TODAY).errorCode())
                .contains("id-number.birth-date");
        assertThat(ResidentIdNumber.parse(withCheck("35020319990100123"), TODAY).errorCode())
                .contains("id-number.birth-date");
    }

    @Test
    void birthDateMustBeBetween1900AndToday() {
        assertThat(ResidentIdNumber.parse(withCheck("35020320240602123"), TODAY).errorCode())
                .contains("id-number.future-birth-date");
        assertThat(ResidentIdNumber.parse(withCheck("35020330000101123"), TODAY).errorCode())
                .contains("id-number.future-birth-date");
        assertThat(ResidentIdNumber.parse(withCheck("35020320240601123"), TODAY).birthDate())
                .contains(TODAY); // born today is fine
        assertThat(ResidentIdNumber.parse(withCheck("35020318991231123"), TODAY).errorCode())
                .contains("id-number.birth-date");
        assertThat(ResidentIdNumber.parse(withCheck("35020319000101123"), TODAY).isValid()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "11010519491231002", "11010519491231002XX", "1101051949123100X2",
            "01010519491231002X", "11010519491231002Y", "1101051949123100 2X", "11010549123100",
            "01010549123100X", "身份证"})
    void malformedNumbersAreFormatErrors(String raw) {
        assertThat(ResidentIdNumber.parse(raw, TODAY).errorCode()).contains("id-number.format");
    }

    @Test
    void generatedNumbersAcrossRegionsAndDatesAreValid() {
        List<String> regions = List.of("110105", "120101", "310115", "320583", "350203", "350206",
                "350211", "440305", "510104", "610113", "650102", "810000", "820000", "830000");
        List<LocalDate> dates = List.of(LocalDate.of(1900, 1, 1), LocalDate.of(1931, 7, 15),
                LocalDate.of(1948, 2, 29), LocalDate.of(1960, 12, 31), LocalDate.of(1975, 6, 1),
                LocalDate.of(1988, 10, 9), LocalDate.of(1999, 1, 1), LocalDate.of(2000, 2, 29),
                LocalDate.of(2006, 11, 30), TODAY);
        List<String> generated = new ArrayList<>();
        int sequence = 1;
        for (String region : regions) {
            for (int k = 0; k < 2; k++) {
                LocalDate date = dates.get((generated.size() * 3) % dates.size());
                String body = region + date.toString().replace("-", "") + String.format("%03d", sequence++ * 37 % 1000);
                generated.add(withCheck(body));
            }
        }
        assertThat(generated).hasSizeGreaterThanOrEqualTo(20).doesNotHaveDuplicates();
        assertThat(generated).anyMatch(id -> id.endsWith("X"));
        for (String id : generated) {
            var result = ResidentIdNumber.parse(id, TODAY);
            assertThat(result.errorCode()).as(id).isEmpty();
            assertThat(result.normalised()).contains(id);
            assertThat(result.birthDate().map(d -> d.toString().replace("-", ""))).contains(id.substring(6, 14));
            assertThat(ResidentIdNumber.parse(id.toLowerCase(), TODAY).normalised()).contains(id);
        }
    }

    @Test
    void validateAddsOneErrorWithTheCodeAndNoValue() {
        var out = new Violations();
        ResidentIdNumber.validate("idNumber", "321083197812162118", TODAY, out);
        ResidentIdNumber.validate("idNumber", withCheck("35020320240602123"), TODAY, out);
        ResidentIdNumber.validate("idNumber", withCheck("35020319990230123"), TODAY, out);
        ResidentIdNumber.validate("idNumber", "12345", TODAY, out);
        ResidentIdNumber.validate("idNumber", JIANGSU, TODAY, out);
        assertThat(out.list()).extracting(Violation::code).containsExactly(
                "id-number.check-character", "id-number.future-birth-date", "id-number.birth-date",
                "id-number.format");
        assertThat(out.list()).allMatch(Violation::isError);
        assertThat(out.list()).allSatisfy(v -> {
            assertThat(v.zh()).doesNotContain("3210831978").doesNotContain("12345");
            assertThat(v.en()).doesNotContain("3210831978").doesNotContain("12345");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"E12345678", "G1234567", "C12345678", "H1234567801", "M12345678",
            "K1234567", "AB-123456", " e 1234 5678 ", "ＰＡ１２３４５"})
    void otherDocumentsAreCheckedForShape(String raw) {
        assertThat(ResidentIdNumber.isValidOtherDocument(raw)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"E123", "E1234567890123456789X", "-----", "护照12345", "E1234_5678", "E12345678!"})
    void malformedOtherDocumentsAreRejected(String raw) {
        assertThat(ResidentIdNumber.isValidOtherDocument(raw)).isFalse();
        var out = new Violations();
        ResidentIdNumber.validateOtherDocument("idNumber", raw, out);
        assertThat(out.errors()).extracting(Violation::code).containsExactly("id-number.format");
    }

    @Test
    void otherDocumentNormalisation() {
        assertThat(ResidentIdNumber.normaliseOtherDocument(" e 1234 5678 ")).contains("E12345678");
    }

    @Test
    void onlyProvinceCodesOfGbT2260OpenANumber() {
        // Written out from GB/T 2260, not from the code under test; 83 is on Taiwan residents' permits.
        Set<Integer> provinces = new TreeSet<>(List.of(11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
                41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83));
        int accepted = 0;
        for (int prefix = 10; prefix <= 99; prefix++) {
            String id = withCheck(prefix + "010519800101123");
            var result = ResidentIdNumber.parse(id, TODAY);
            if (provinces.contains(prefix)) {
                assertThat(result.errorCode()).as(id).isEmpty();
                accepted++;
            } else {
                assertThat(result.errorCode()).as(id).contains("id-number.region");
            }
        }
        assertThat(accepted).isEqualTo(provinces.size());
        assertThat(ResidentIdNumber.parse(withCheck("99999919800101123"), TODAY).errorCode())
                .contains("id-number.region");
        assertThat(ResidentIdNumber.parse("999999800101123", TODAY).errorCode()).contains("id-number.region");
        var out = new Violations();
        ResidentIdNumber.validate("idNumber", withCheck("99999919800101123"), TODAY, out);
        assertThat(out.errors()).extracting(Violation::field, Violation::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("idNumber", "id-number.region"));
        assertThat(out.list().get(0).en()).doesNotContain("999999");
    }

    private static String withCheck(String first17) {
        return first17 + Reference.residentIdCheck(first17);
    }
}
