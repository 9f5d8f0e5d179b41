package cn.unioncard.registry.events.privacy;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PersonalFieldsTest {

    // Shapes a developer might add; each is wrong in one way.
    record Forgotten(@DataSubject String memberId, String nickname) {
    }

    record NoSubject(@PersonalData String name) {
    }

    record TwoSubjects(@DataSubject String a, @DataSubject String b, @PersonalData String name) {
    }

    record PrimitivePersonal(@DataSubject String memberId, @PersonalData int age) {
    }

    record Contradiction(@DataSubject String memberId, @PersonalData @NotPersonal("no") String name) {
    }

    record NumbersOnly(int count, long total, Boolean flag, Integer maybe) {
    }

    record ForgottenDate(@DataSubject String memberId, LocalDate birthday) {
    }

    @NotPersonal("all of it is about an organisation")
    record WholeRecordClear(String name, String address) {
    }

    record Nested(@DataSubject String memberId, MemberDetails details) {
    }

    @Test
    void aForgottenTextOrDateFieldIsNamed() {
        assertThat(PersonalFields.unclassified(Forgotten.class)).singleElement().asString()
                .contains("Forgotten.nickname").contains("neither @PersonalData nor @NotPersonal");
        assertThat(PersonalFields.unclassified(ForgottenDate.class)).singleElement().asString()
                .contains("ForgottenDate.birthday");
    }

    @Test
    void personalDataNeedsExactlyOneSubject() {
        assertThat(PersonalFields.unclassified(NoSubject.class)).singleElement().asString()
                .contains("0 @DataSubject");
        assertThat(PersonalFields.unclassified(TwoSubjects.class)).singleElement().asString()
                .contains("2 @DataSubject");
    }

    @Test
    void aPersonalPrimitiveCouldNotBeErasedSoItIsRefused() {
        assertThat(PersonalFields.unclassified(PrimitivePersonal.class)).singleElement().asString()
                .contains("primitive");
    }

    @Test
    void twoMarksOnOneFieldAreRefused() {
        assertThat(PersonalFields.unclassified(Contradiction.class)).singleElement().asString()
                .contains("more than one");
    }

    @Test
    void numbersBooleansAndClearRecordsNeedNoMark() {
        assertThat(PersonalFields.unclassified(NumbersOnly.class)).isEmpty();
        assertThat(PersonalFields.unclassified(WholeRecordClear.class)).isEmpty();
        assertThat(PersonalFields.carriesPersonalData(WholeRecordClear.class)).isFalse();
    }

    @Test
    void nestedRecordsOfTheSharedLanguageAreWalked() {
        assertThat(PersonalFields.unclassified(Nested.class)).isEmpty();
        assertThat(PersonalFields.carriesPersonalData(Nested.class)).isTrue();
        assertThat(PersonalFields.carriesPersonalData(MemberRegistered.class)).isTrue();
    }

    @Test
    void theSubjectIsReadFromItsComponent() {
        assertThat(PersonalFields.subjectOf(new MemberWithdrawn("m-1", "u-1", "moved away"))).isEqualTo("m-1");
        assertThat(PersonalFields.subjectOf(new NumbersOnly(1, 2, true, null))).isNull();
    }

    @Test
    void erasingReplacesPersonalTextAndDatesAndKeepsEverythingElse() {
        MemberDetails d = new MemberDetails("王小明", "1", "350203199001011234", LocalDate.of(2030, 1, 1), false,
                "01", "13", "21", "156", "4", "13812345678", "福建省", "厦门市", "思明区湖滨南路1号",
                YearMonth.of(2012, 7), YearMonth.of(2013, 1), YearMonth.of(2012, 8), true, false, false, true,
                "2", "1", "厦门云卡信息科技有限公司", LocalDate.of(2026, 11, 1));
        MemberRegistered registered = new MemberRegistered("m-1", "u-1", d, false, List.of("w"));

        MemberRegistered erased = PersonalFields.erased(registered);

        MemberDetails e = erased.details();
        assertThat(List.of(e.name(), e.idNumber(), e.mobile(), e.householdProvince(), e.householdCity(),
                e.contactAddress(), e.employerName())).containsOnly(PersonalFields.ERASED);
        assertThat(e.idExpiry()).isNull();
        assertThat(e.workStart()).isNull();
        assertThat(e.unionJoin()).isNull();
        assertThat(e.socialInsuranceStart()).isNull();
        // codes, flags and dates of events stay for statistics
        assertThat(List.of(e.idType(), e.ethnicGroup(), e.politicalStatus(), e.education(), e.nationality(),
                e.titleLevel(), e.occupation(), e.cardType()))
                .isEqualTo(List.of("1", "01", "13", "21", "156", "4", "2", "1"));
        assertThat(e.filledOn()).isEqualTo(d.filledOn());
        assertThat(e.socialInsured()).isTrue();
        assertThat(e.labourContract()).isTrue();
        assertThat(erased.memberId()).isEqualTo("m-1");
        assertThat(erased.unionId()).isEqualTo("u-1");
        assertThat(erased.warnings()).containsExactly("w");
        assertThat(PersonalFields.erased(new MemberWithdrawn("m-1", "u-1", "moved away")).reason())
                .isEqualTo(PersonalFields.ERASED);
    }
}
