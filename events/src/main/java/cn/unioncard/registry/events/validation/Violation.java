package cn.unioncard.registry.events.validation;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.Objects;

/**
 * One problem found in user input.
 *
 * <p>{@code code} is a stable machine-readable identifier (for example
 * {@code organisation-code.check-character}) that clients may switch on; {@code zh} and
 * {@code en} are the messages shown to a clerk. Messages must never quote the input value:
 * it may be personal data (an ID number, a mobile) and violations end up in logs and
 * problem-detail responses.
 */
@NotPersonal("a field name, a code and messages that never quote the input (import results keep them)")
public record Violation(String field, String code, Severity severity, String zh, String en) {

    /** An ERROR rejects the input; a WARNING may be overridden by the user with a reason. */
    public enum Severity { ERROR, WARNING }

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(zh, "zh");
        Objects.requireNonNull(en, "en");
    }

    public static Violation error(String field, String code, String zh, String en) {
        return new Violation(field, code, Severity.ERROR, zh, en);
    }

    public static Violation warning(String field, String code, String zh, String en) {
        return new Violation(field, code, Severity.WARNING, zh, en);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
