package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.testing.MemberData.Details;
import cn.unioncard.registry.testing.MemberData.Form;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.Reference;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static cn.unioncard.registry.testing.ResidentIds.VALID_ID;
import static cn.unioncard.registry.testing.ResidentIds.fullWidth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberFormValidatorTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    // ---- helpers ----

    /** The shared valid form with {@link ResidentIds#VALID_ID}, whose check character was worked out by hand. */
    private static Form validForm() {
        return MemberData.form().with(f -> f.idNumber = VALID_ID);
    }

    private static Details expectedForValidForm() {
        return MemberData.details(VALID_ID);
    }

    private static char idCheck(String first17) {
        return Reference.residentIdCheck(first17);
    }

    private static String id(String region, String birth, String sequence) {
        return ResidentIds.of(region, birth, sequence);
    }

    private static MemberFormValidator.Checked check(Form f) {
        return MemberFormValidator.check(f.build(), TODAY);
    }

    private static MemberDetails details(Consumer<Form> change) {
        Form f = validForm();
        change.accept(f);
        return check(f).details();
    }

    private static List<Violation> violations(Consumer<Form> change) {
        Form f = validForm();
        change.accept(f);
        return refusal(f).violations();
    }

    /** Asserts exactly one violation, an error on {@code field} with {@code code}. */
    private static void refused(Consumer<Form> change, String field, String code) {
        assertThat(violations(change))
                .extracting(Violation::field, Violation::code, Violation::isError)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(field, code, true));
    }

    private static InvalidInputException refusal(Form f) {
        try {
            var checked = check(f);
            throw new AssertionError("the form should have been refused but gave " + checked);
        } catch (InvalidInputException e) {
            return e;
        }
    }

    private static Set<String> fields(List<Violation> vs) {
        return vs.stream().map(Violation::field).collect(Collectors.toSet());
    }

    // ---- the complete valid form ----

    @Nested
    class ValidForm {

        @Test
        void givesTheExpectedDetailsWithoutWarnings() {
            var checked = check(validForm());
            assertThat(checked.details()).isEqualTo(expectedForValidForm().build());
            assertThat(checked.warnings()).isEmpty();
            assertThat(checked.idConvertedFrom15()).isFalse();
        }

        @Test
        void nameIsTrimmedAndInnerWhitespaceCollapsed() {
            assertThat(details(f -> f.name = "   Ali \u00A0 \u3000  Khan  ").name()).isEqualTo("Ali Khan");
            assertThat(details(f -> f.name = "\u3000张三\u3000").name()).isEqualTo("张三");
        }

        @Test
        void lowerCaseXInTheIdBecomesUpperCase() {
            String withX = idEndingInX();
            assertThat(withX).endsWith("X");
            String lower = withX.substring(0, 17) + "x";
            var d = details(f -> f.idNumber = lower);
            assertThat(d.idNumber()).isEqualTo(withX);
        }

        @Test
        void fullWidthDigitsInIdAndMobileBecomeAscii() {
            var d = details(f -> {
                f.idNumber = fullWidth(VALID_ID);
                f.mobile = fullWidth("13812345678");
            });
            assertThat(d.idNumber()).isEqualTo(VALID_ID);
            assertThat(d.mobile()).isEqualTo("13812345678");
        }

        @Test
        void fifteenDigitLegacyIdIsConvertedTo18AndTheConversionReported() {
            String legacy = "350203850612123";
            String body = "350203" + "19" + "850612123";
            String expected = body + idCheck(body);
            assertThat(expected).isEqualTo(VALID_ID); // hand-computed: Σ = 258 → '7'

            Form f = validForm();
            f.idNumber = legacy;
            var checked = check(f);
            assertThat(checked.details().idNumber()).isEqualTo(expected);
            assertThat(checked.idConvertedFrom15()).isTrue();
        }

        @Test
        void anotherFifteenDigitIdWhoseCheckCharacterIsX() {
            // find a legacy number whose converted form ends in X, independently of the code under test
            String legacy = null;
            String expected = null;
            for (int seq = 100; seq < 1000 && legacy == null; seq++) {
                String body = "110105" + "19" + "710923" + seq;
                if (idCheck(body) == 'X') {
                    legacy = "110105710923" + seq;
                    expected = body + 'X';
                }
            }
            assertThat(legacy).isNotNull();
            String l = legacy;
            Form f = validForm();
            f.idNumber = l;
            var checked = check(f);
            assertThat(checked.details().idNumber()).isEqualTo(expected);
            assertThat(checked.idConvertedFrom15()).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"3", "03", "回", "回族", " 03 ", "０３"})
        void ethnicGroupHui(String input) {
            assertThat(details(f -> f.ethnicGroup = input).ethnicGroup()).isEqualTo("03");
        }

        @ParameterizedTest
        @CsvSource({"毛难, 36", "毛难族, 36", "毛南, 36", "崩龙, 46", "崩龙族, 46", "德昂族, 46", "1, 01", "汉族, 01",
                "98, 98", "97, 97"})
        void ethnicGroupLegacyNamesAndOthers(String input, String code) {
            assertThat(details(f -> f.ethnicGroup = input).ethnicGroup()).isEqualTo(code);
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  ", "中国", "156", "CHN", " 中国 "})
        void nationalityDefaultsToChina(String input) {
            assertThat(details(f -> f.nationality = input).nationality()).isEqualTo("CHN");
        }

        @Test
        void anotherNationalityIsKept() {
            assertThat(details(f -> f.nationality = "FRA").nationality()).isEqualTo("FRA");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ZZZ", "XXX", "QQQ", "AAA", "CN", "Chn", "157"})
        void unassignedNationalitiesAreRefused(String input) {
            refused(f -> f.nationality = input, "nationality", "nationality.unknown");
        }

        @ParameterizedTest
        @ValueSource(strings = {"长期", " 长期 ", "长期有效"})
        void longTermIdExpiry(String input) {
            var d = details(f -> f.idExpiry = input);
            assertThat(d.idLongTerm()).isTrue();
            assertThat(d.idExpiry()).isNull();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  ", "未参加", " 未参加 "})
        void notInsured(String input) {
            var d = details(f -> f.socialInsuranceStart = input);
            assertThat(d.socialInsured()).isFalse();
            assertThat(d.socialInsuranceStart()).isNull();
        }

        @Test
        void chineseYearMonthsAreAccepted() {
            var d = details(f -> {
                f.workStart = "2010年5月";
                f.unionJoin = "2010年5月";
                f.socialInsuranceStart = "2010年5月";
            });
            assertThat(d.workStart()).isEqualTo(YearMonth.of(2010, 5));
            assertThat(d.unionJoin()).isEqualTo(YearMonth.of(2010, 5));
            assertThat(d.socialInsuranceStart()).isEqualTo(YearMonth.of(2010, 5));
            assertThat(d.socialInsured()).isTrue();
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"   "})
        void blankFilledOnIsToday(String input) {
            assertThat(details(f -> f.filledOn = input).filledOn()).isEqualTo(TODAY);
        }

        @Test
        void filledOnTodayIsAcceptedAndTomorrowIsNot() {
            assertThat(details(f -> f.filledOn = "2026-11-27").filledOn()).isEqualTo(TODAY);
            refused(f -> f.filledOn = "2026-11-28", "filledOn", "date.future");
        }

        @ParameterizedTest
        @ValueSource(strings = {"+86 138 1234 5678", "138-1234-5678", "8613812345678", "0086 13812345678",
                "＋８６ １３８ １２３４ ５６７８"})
        void mobileIsNormalised(String input) {
            assertThat(details(f -> f.mobile = input).mobile()).isEqualTo("13812345678");
        }

        @Test
        void titleLevelIsOptional() {
            assertThat(details(f -> f.titleLevel = null).titleLevel()).isNull();
            assertThat(details(f -> f.titleLevel = " ").titleLevel()).isNull();
            assertThat(details(f -> f.titleLevel = "技师").titleLevel()).isEqualTo("4");
        }

        @Test
        void blankIdTypeMeansResidentIdCard() {
            var d = details(f -> f.idType = null);
            assertThat(d.idType()).isEqualTo("1");
            refused(f -> {
                f.idType = " ";
                f.idNumber = VALID_ID.substring(0, 17) + (VALID_ID.charAt(17) == '1' ? '2' : '1');
            }, "idNumber", "id-number.check-character");
        }

        @Test
        void textFieldsAreCollapsed() {
            var d = details(f -> {
                f.contactAddress = "  厦门市  思明区\u3000湖滨南路 ";
                f.employerName = " 厦门  某某 公司 ";
            });
            assertThat(d.contactAddress()).isEqualTo("厦门市 思明区 湖滨南路");
            assertThat(d.employerName()).isEqualTo("厦门 某某 公司");
        }
    }

    // ---- names ----

    @Nested
    class Names {

        @ParameterizedTest
        @ValueSource(strings = {"买买提·艾力", "买买提•艾力", "买买提・艾力"})
        void middleDotNamesAreAcceptedAndTheDotUnified(String input) {
            assertThat(details(f -> f.name = input).name()).isEqualTo("买买提·艾力");
        }

        @Test
        void controlCharactersAreRefused() {
            refused(f -> f.name = "张\u0007三", "name", "text.control-characters");
            refused(f -> f.name = "张三\u0000", "name", "text.control-characters");
        }

        @ParameterizedTest
        @ValueSource(strings = {"张\u202E三", "\u202D张三", "张\u2066三\u2069", "张\u200B三", "张\u200D三", "\uFEFF张三",
                "张\u00AD三", "张\u2060三", "张\u061C三", "张\u200F三", "张\u2028三", "张\u180E三"})
        void invisibleCharactersAreRefused(String input) {
            refused(f -> f.name = input, "name", "text.invisible-characters");
        }

        @Test
        void invisibleCharactersInAddressesAndEmployersAreRefusedToo() {
            refused(f -> f.contactAddress = "厦门市\u202E思明区", "contactAddress", "text.invisible-characters");
            refused(f -> f.employerName = "\uFEFF某某公司", "employerName", "text.invisible-characters");
            refused(f -> f.householdCity = "厦门\u200B市", "householdCity", "text.invisible-characters");
        }

        @Test
        void namesAndTextAreStoredComposed() {
            var d = details(f -> {
                f.name = "Jose\u0301 Garci\u0301a";
                f.contactAddress = "Cafe\u0301 路 1 号";
            });
            assertThat(d.name()).isEqualTo("Jos\u00E9 Garc\u00EDa");
            assertThat(d.contactAddress()).isEqualTo("Caf\u00E9 路 1 号");
        }

        @Test
        void lengthIsTwoToFifty() {
            refused(f -> f.name = "张", "name", "name.length");
            refused(f -> f.name = " 张 ", "name", "name.length");
            refused(f -> f.name = "张".repeat(51), "name", "name.length");
            assertThat(details(f -> f.name = "张".repeat(50)).name()).hasSize(50);
            assertThat(details(f -> f.name = "张三").name()).isEqualTo("张三");
        }

        @ParameterizedTest
        @ValueSource(strings = {"张3", "张三1", "Li Lei 2", "张三!", "张_三", "123"})
        void digitsAndSymbolsAreRefused(String input) {
            refused(f -> f.name = input, "name", "name.characters");
        }

        @ParameterizedTest
        @NullAndEmptySource
        @ValueSource(strings = {"  ", "\u3000"})
        void blankNameIsRequired(String input) {
            refused(f -> f.name = input, "name", "required");
        }
    }

    // ---- every failing field at once ----

    @Test
    void everyFailingFieldIsReportedAtOnce() {
        List<Violation> vs = violations(f -> {
            f.name = "张3";                                     // name.characters
            f.idNumber = VALID_ID.substring(0, 17) + '0';      // wrong check character ('7' is right)
            f.idExpiry = "2020-01-01";                         // expired
            f.ethnicGroup = "99";                              // not in GB/T 3304
            f.politicalStatus = "无党派";                        // not in the table
            f.education = "10";                                // not 1–9
            f.mobile = "12345";                                // not a mobile
            f.contactAddress = "";                             // required
            f.workStart = "2008-13";                           // not a month
            f.ruralHousehold = null;                           // required
            f.occupation = "7";                                // not 1–6
            f.cardType = "3";                                  // not 1–2
            f.employerName = " ";                              // required
        });
        assertThat(fields(vs)).containsExactlyInAnyOrder("name", "idNumber", "idExpiry", "ethnicGroup",
                "politicalStatus", "education", "mobile", "contactAddress", "workStart", "ruralHousehold",
                "occupation", "cardType", "employerName");
        assertThat(vs).hasSize(13).allMatch(Violation::isError);
    }

    @Test
    void anEmptyFormReportsEveryRequiredField() {
        Form empty = MemberData.patch();
        InvalidInputException e = refusal(empty);
        assertThat(e.violations()).allMatch(v -> v.code().equals("required"));
        // optional: idType (defaults to 1), nationality (CHN), titleLevel, socialInsuranceStart, filledOn (today)
        assertThat(fields(e.violations())).containsExactlyInAnyOrder("name", "idNumber", "idExpiry", "ethnicGroup",
                "politicalStatus", "education", "mobile", "householdProvince", "householdCity", "contactAddress",
                "workStart", "unionJoin", "ruralHousehold", "labourDispatch", "labourContract", "occupation",
                "cardType", "employerName");
    }

    // ---- ID rules ----

    @Nested
    class IdNumbers {

        @Test
        void futureBirthDateIsRefused() {
            refused(f -> f.idNumber = id("350203", "20261128", "123"), "idNumber", "id-number.future-birth-date");
            refused(f -> f.idNumber = id("350203", "20300101", "123"), "idNumber", "id-number.future-birth-date");
        }

        @Test
        void birthTodayIsAccepted() {
            String born = id("350203", "20261127", "123");
            assertThat(details(f -> {
                f.idNumber = born;
                // not before the birth month, which is this month
                f.workStart = "2026-11";
                f.unionJoin = "2026-11";
                f.socialInsuranceStart = "2026-11";
            }).idNumber()).isEqualTo(born);
        }

        @Test
        void twentyNinthOfFebruaryOnlyInLeapYears() {
            refused(f -> f.idNumber = id("350203", "19990229", "123"), "idNumber", "id-number.birth-date");
            refused(f -> f.idNumber = id("350203", "19000229", "123"), "idNumber", "id-number.birth-date");
            String leap = id("350203", "20000229", "123");
            assertThat(details(f -> f.idNumber = leap).idNumber()).isEqualTo(leap);
        }

        @Test
        void wrongCheckCharacterIsRefused() {
            char right = VALID_ID.charAt(17);
            for (char c : "0123456789X".toCharArray()) {
                if (c != right) {
                    String wrong = VALID_ID.substring(0, 17) + c;
                    refused(f -> f.idNumber = wrong, "idNumber", "id-number.check-character");
                }
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"35020319850612123", "3502031985061212377", "E12345678", "35020319850612123Y",
                "050203198506121237"})
        void malformedResidentIdsAreRefused(String input) {
            refused(f -> f.idNumber = input, "idNumber", "id-number.format");
        }

        @Test
        void otherDocumentIsCheckedForShapeOnly() {
            var d = details(f -> {
                f.idType = "2";
                f.idNumber = "E12345678";
            });
            assertThat(d.idType()).isEqualTo("2");
            assertThat(d.idNumber()).isEqualTo("E12345678");

            // an 18-digit number with a wrong check character is fine as another document
            String wrongCheck = VALID_ID.substring(0, 17) + '0';
            var other = check(formWith(f -> {
                f.idType = "2";
                f.idNumber = wrongCheck;
            }));
            assertThat(other.details().idNumber()).isEqualTo(wrongCheck);
            assertThat(other.idConvertedFrom15()).isFalse();

            refused(f -> {
                f.idType = "2";
                f.idNumber = "E1";
            }, "idNumber", "id-number.format");
        }

        @Test
        void unknownIdTypeIsRefused() {
            assertThat(fields(violations(f -> f.idType = "3"))).containsExactly("idType");
        }

        @Test
        void blankIdNumberIsRequired() {
            refused(f -> f.idNumber = " ", "idNumber", "required");
        }
    }

    // ---- dates ----

    @Nested
    class Dates {

        @ParameterizedTest
        @ValueSource(strings = {"2026-11-27", "2026-11-26", "2020-01-01", "20261127", "2026/11/1"})
        void expiredOrExpiringTodayIsRefused(String input) {
            refused(f -> f.idExpiry = input, "idExpiry", "id-expiry.expired");
        }

        @ParameterizedTest
        @CsvSource({"2026-11-28, 2026-11-28", "20301231, 2030-12-31", "2030/1/5, 2030-01-05",
                "2030.1.5, 2030-01-05", "2030年1月5日, 2030-01-05", "２０３０－０１－０５, 2030-01-05"})
        void futureExpiryIsAcceptedInEverySpelling(String input, String expected) {
            var d = details(f -> f.idExpiry = input);
            assertThat(d.idExpiry()).isEqualTo(LocalDate.parse(expected));
            assertThat(d.idLongTerm()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"2030-02-30", "2030-13-01", "30-01-01", "not a date"})
        void unreadableExpiryIsAFormatError(String input) {
            refused(f -> f.idExpiry = input, "idExpiry", "date.format");
        }

        /**
         * A date "must exist" (date.format: "a date is yyyy-MM-dd and must exist"). The
         * ISO spelling is strict, but the other accepted spellings must be too: a 30 February
         * must not quietly become the 28th.
         */
        @ParameterizedTest
        @ValueSource(strings = {"2030/2/30", "20300230", "2030.2.30", "2030年2月30日", "2030/4/31"})
        void nonExistentDatesAreRefusedInEverySpelling(String input) {
            refused(f -> f.idExpiry = input, "idExpiry", "date.format");
        }

        @Test
        void nonExistentFilledOnIsRefused() {
            refused(f -> f.filledOn = "2026/2/30", "filledOn", "date.format");
        }

        @Test
        void blankIdExpiryIsRequired() {
            refused(f -> f.idExpiry = null, "idExpiry", "required");
        }

        @Test
        void yearMonthsInTheFutureAreRefused() {
            refused(f -> f.workStart = "2026-12", "workStart", "year-month.future");
            refused(f -> f.unionJoin = "2027年1月", "unionJoin", "year-month.future");
            refused(f -> f.socialInsuranceStart = "202612", "socialInsuranceStart", "year-month.future");
            List<Violation> all = violations(f -> {
                f.workStart = "2026-12";
                f.unionJoin = "2026-12";
                f.socialInsuranceStart = "2026-12";
            });
            assertThat(fields(all)).containsExactlyInAnyOrder("workStart", "unionJoin", "socialInsuranceStart");
        }

        @Test
        void theCurrentMonthIsAccepted() {
            var d = details(f -> {
                f.workStart = "2026-11";
                f.unionJoin = "2026-11";
                f.socialInsuranceStart = "2026-11";
            });
            assertThat(d.workStart()).isEqualTo(YearMonth.of(2026, 11));
            assertThat(d.unionJoin()).isEqualTo(YearMonth.of(2026, 11));
            assertThat(d.socialInsuranceStart()).isEqualTo(YearMonth.of(2026, 11));
        }

        @Test
        void unreadableInsuranceStartIsAnErrorNotNotInsured() {
            refused(f -> f.socialInsuranceStart = "去年", "socialInsuranceStart", "year-month.format");
        }

        @Test
        void unionJoinBeforeWorkStartIsAcceptedWithAWarning() {
            Form f = validForm();
            f.workStart = "2010-05";
            f.unionJoin = "2009-12";
            var checked = check(f);
            assertThat(checked.warnings()).containsExactly("union-join.before-work-start");
            assertThat(checked.details().unionJoin()).isEqualTo(YearMonth.of(2009, 12));
            assertThat(checked.details().workStart()).isEqualTo(YearMonth.of(2010, 5));
        }

        // VALID_ID was born 1985-06.
        @Test
        void theDatesOfAWorkingLifeCannotComeBeforeTheBirthMonth() {
            refused(f -> f.workStart = "1985-05", "workStart", "year-month.before-birth");
            refused(f -> f.unionJoin = "1984-12", "unionJoin", "year-month.before-birth");
            refused(f -> f.socialInsuranceStart = "1970-01", "socialInsuranceStart", "year-month.before-birth");
            assertThat(violations(f -> f.workStart = "1985-05").get(0).en()).doesNotContain("1985");
        }

        @Test
        void workBeforeSixteenIsAcceptedWithAWarningAndFromSixteenWithout() {
            Form child = validForm();
            child.workStart = "2001-05";
            child.unionJoin = "2001-05";
            assertThat(check(child).warnings()).containsExactly("work-start.before-age-16");
            Form sixteen = validForm();
            sixteen.workStart = "2001-06";
            sixteen.unionJoin = "2001-06";
            assertThat(check(sixteen).warnings()).isEmpty();
        }

        @Test
        void nineteenHundredIsRefusedAndNineteenFiftyIsTheFloorWithoutABirthDate() {
            refused(f -> f.workStart = "1900-01", "workStart", "year-month.format");
            Form other = validForm();
            other.idType = "2";
            other.idNumber = "E12345678";
            other.workStart = "1950-01";
            other.unionJoin = "1950-01";
            assertThat(check(other).details().workStart()).isEqualTo(YearMonth.of(1950, 1));
            other.workStart = "1949-12";
            assertThat(refusal(other).violations()).extracting(Violation::field, Violation::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("workStart", "year-month.format"));
        }

        @Test
        void unionJoinInTheSameMonthAsWorkStartHasNoWarning() {
            Form f = validForm();
            f.workStart = "2010-05";
            f.unionJoin = "2010年5月";
            assertThat(check(f).warnings()).isEmpty();
        }
    }

    // ---- code tables and flags ----

    @Nested
    class CodeTablesAndFlags {

        @Test
        void unknownCodesAreReportedOnTheirFields() {
            assertThat(violations(f -> f.education = "10"))
                    .extracting(Violation::field, Violation::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("education", "education.unknown"));
            assertThat(fields(violations(f -> f.occupation = "7"))).containsExactly("occupation");
            assertThat(fields(violations(f -> f.cardType = "3"))).containsExactly("cardType");
            assertThat(fields(violations(f -> f.politicalStatus = "无党派"))).containsExactly("politicalStatus");
            assertThat(fields(violations(f -> f.titleLevel = "10"))).containsExactly("titleLevel");
            assertThat(fields(violations(f -> f.ethnicGroup = "57"))).containsExactly("ethnicGroup");
            assertThat(fields(violations(f -> f.nationality = "China"))).containsExactly("nationality");
        }

        @Test
        void allUnknownCodesAtOnce() {
            List<Violation> vs = violations(f -> {
                f.education = "10";
                f.occupation = "7";
                f.cardType = "3";
                f.politicalStatus = "无党派";
            });
            assertThat(fields(vs)).containsExactlyInAnyOrder("education", "occupation", "cardType", "politicalStatus");
        }

        @Test
        void labelsAreStoredAsCodes() {
            var d = details(f -> {
                f.education = "硕士研究生";
                f.occupation = "警察";
                f.cardType = "借贷合一卡";
                f.politicalStatus = "中共党员";
            });
            assertThat(d.education()).isEqualTo("7");
            assertThat(d.occupation()).isEqualTo("3");
            assertThat(d.cardType()).isEqualTo("2");
            assertThat(d.politicalStatus()).isEqualTo("2");
        }

        @Test
        void nullFlagsAreRequired() {
            List<Violation> vs = violations(f -> {
                f.ruralHousehold = null;
                f.labourDispatch = null;
                f.labourContract = null;
            });
            assertThat(vs).extracting(Violation::field)
                    .containsExactlyInAnyOrder("ruralHousehold", "labourDispatch", "labourContract");
            assertThat(vs).extracting(Violation::code).containsOnly("required");
        }

        @Test
        void flagsAreCarriedOver() {
            var d = details(f -> {
                f.ruralHousehold = true;
                f.labourDispatch = true;
                f.labourContract = false;
            });
            assertThat(d.ruralHousehold()).isTrue();
            assertThat(d.labourDispatch()).isTrue();
            assertThat(d.labourContract()).isFalse();
        }
    }

    // ---- formOf and overlay ----

    @Nested
    class FormOfAndOverlay {

        @Test
        void formOfRoundTripsForVariedDetails() {
            List<Consumer<Form>> variants = List.of(
                    f -> { },
                    f -> f.idExpiry = "长期",
                    f -> f.socialInsuranceStart = "未参加",
                    f -> f.titleLevel = null,
                    f -> {
                        f.idExpiry = "长期";
                        f.socialInsuranceStart = null;
                        f.titleLevel = null;
                        f.name = "买买提 • 艾力";
                        f.nationality = null;
                        f.filledOn = null;
                    },
                    f -> {
                        f.idType = "2";
                        f.idNumber = "e 1234 5678";
                        f.ethnicGroup = "崩龙族";
                        f.nationality = "FRA";
                        f.mobile = "+86 139 0000 1111";
                        f.workStart = "2010年5月";
                        f.unionJoin = "2009/12";
                        f.ruralHousehold = true;
                        f.labourDispatch = true;
                        f.labourContract = false;
                    },
                    f -> f.idNumber = "350203850612123");
            for (Consumer<Form> variant : variants) {
                MemberDetails d = details(variant);
                var again = MemberFormValidator.check(MemberFormValidator.formOf(d), TODAY);
                assertThat(again.details()).isEqualTo(d);
                assertThat(again.idConvertedFrom15()).isFalse();
            }
        }

        @Test
        void formOfWritesLongTermAndNotInsuredInAFormTheValidatorReads() {
            MemberDetails d = details(f -> {
                f.idExpiry = "长期";
                f.socialInsuranceStart = "未参加";
            });
            MemberForm form = MemberFormValidator.formOf(d);
            assertThat(form.idExpiry()).isEqualTo("长期");
            assertThat(form.socialInsuranceStart()).isNull();
            assertThat(form.workStart()).isEqualTo("2015-07");
            assertThat(form.filledOn()).isEqualTo("2024-05-20");
        }

        @Test
        void overlayReplacesOnlyTheNonNullFieldsOfThePatch() {
            MemberForm base = validForm().build();
            Form patch = MemberData.patch();
            patch.name = "李四";
            patch.mobile = "13900001111";
            patch.labourContract = false;
            patch.titleLevel = "";          // non-null: replaces, and checks to "no title"
            patch.socialInsuranceStart = "未参加";

            Form expected = validForm();
            expected.name = "李四";
            expected.mobile = "13900001111";
            expected.labourContract = false;
            expected.titleLevel = "";
            expected.socialInsuranceStart = "未参加";

            MemberForm merged = MemberFormValidator.overlay(base, patch.build());
            assertThat(merged).isEqualTo(expected.build());
        }

        @Test
        void overlayWithAnEmptyPatchIsTheBaseAndAFullPatchIsThePatch() {
            MemberForm base = validForm().build();
            assertThat(MemberFormValidator.overlay(base, MemberData.patch().build())).isEqualTo(base);

            Form other = validForm();
            other.name = "王五";
            other.idType = "2";
            other.idNumber = "E12345678";
            other.idExpiry = "长期";
            other.ethnicGroup = "03";
            other.politicalStatus = "党员";
            other.education = "9";
            other.nationality = "FRA";
            other.titleLevel = "1";
            other.mobile = "13900001111";
            other.householdProvince = "广东省";
            other.householdCity = "广州市";
            other.contactAddress = "广州市天河区";
            other.workStart = "2001-01";
            other.unionJoin = "2001-02";
            other.socialInsuranceStart = "2001-03";
            other.ruralHousehold = true;
            other.labourDispatch = true;
            other.labourContract = false;
            other.occupation = "6";
            other.cardType = "2";
            other.employerName = "广州某某公司";
            other.filledOn = "2026-01-01";
            assertThat(MemberFormValidator.overlay(base, other.build())).isEqualTo(other.build());
        }

        @Test
        void aCorrectionOverlaidOnFormOfChangesOnlyThatField() {
            MemberDetails before = check(validForm()).details();
            Form patch = MemberData.patch();
            patch.mobile = "139 0000 1111";
            MemberDetails after = MemberFormValidator.check(
                    MemberFormValidator.overlay(MemberFormValidator.formOf(before), patch.build()), TODAY).details();

            Details expected = Details.of(before);
            expected.mobile = "13900001111";
            assertThat(after).isEqualTo(expected.build());
            assertThat(MemberChanges.changedFields(before, after)).containsExactly("mobile");
        }
    }

    // ---- helpers for data ----

    private static Form formWith(Consumer<Form> change) {
        Form f = validForm();
        change.accept(f);
        return f;
    }

    private static String idEndingInX() {
        return ResidentIds.endingInX("350203", LocalDate.of(1985, 6, 12), 100);
    }


    @Test
    void theRefusalMessageDoesNotQuoteTheInput() {
        assertThatThrownBy(() -> check(formWith(f -> f.mobile = "1381234567")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageNotContaining("1381234567");
    }
}
