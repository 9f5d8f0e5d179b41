package cn.unioncard.registry.events.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ViolationsTest {

    @Test
    void factoriesSetTheSeverity() {
        assertThat(Violation.error("f", "c", "错", "wrong").severity()).isEqualTo(Violation.Severity.ERROR);
        assertThat(Violation.warning("f", "c", "警", "warn").severity()).isEqualTo(Violation.Severity.WARNING);
    }

    @Test
    void collectsInInsertionOrderAndSplitsBySeverity() {
        var out = new Violations();
        assertThat(out.isEmpty()).isTrue();
        assertThat(out.hasErrors()).isFalse();
        out.warning("unionJoin", "year-month.before-work-start", "入会早于参加工作", "joined before starting work");
        out.error("mobile", "mobile.format", "手机号码格式不正确", "mobile is malformed");
        out.add(Violation.error("idNumber", "id-number.check-character", "校验位不正确", "check character is wrong"));
        assertThat(out.list()).extracting(Violation::field).containsExactly("unionJoin", "mobile", "idNumber");
        assertThat(out.errors()).extracting(Violation::field).containsExactly("mobile", "idNumber");
        assertThat(out.warnings()).extracting(Violation::field).containsExactly("unionJoin");
        assertThat(out.hasErrors()).isTrue();
        assertThatThrownBy(() -> out.list().add(Violation.error("x", "y", "z", "w")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void warningsAloneDoNotThrowUnlessAsked() {
        var out = new Violations();
        out.throwIfAny();
        out.throwIfAnyIncludingWarnings();
        out.warning("uscc", "social-credit-code.check-character", "校验码不符", "check character does not match");
        out.throwIfAny();
        var e = catchThrowableOfType(out::throwIfAnyIncludingWarnings, InvalidInputException.class);
        assertThat(e.violations()).hasSize(1);
    }

    @Test
    void theExceptionMessageNamesFieldsAndCodesButNoValues() {
        var out = new Violations();
        String secret = "350203199001011234";
        out.error("idNumber", "id-number.check-character", "身份证号码校验位不正确", "check character is wrong");
        out.warning("unionJoin", "year-month.before-work-start", "入会早于参加工作", "joined before work");
        var e = catchThrowableOfType(out::throwIfAny, InvalidInputException.class);
        assertThat(e.violations()).extracting(Violation::code)
                .containsExactly("id-number.check-character", "year-month.before-work-start");
        assertThat(e.getMessage()).contains("idNumber", "id-number.check-character", "unionJoin")
                .doesNotContain(secret).doesNotContain("校验位");
        assertThatThrownBy(() -> e.violations().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
