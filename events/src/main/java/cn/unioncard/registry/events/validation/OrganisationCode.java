package cn.unioncard.registry.events.validation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Organisation code (组织机构代码, GB 11714): eight characters 0-9/A-Z and a check character,
 * written {@code XXXXXXXX-X}. Employers and unions registered before the 2016 switch to the
 * unified social credit code still carry one, and it is embedded in that code (positions 9–17).
 */
public final class OrganisationCode {

    private static final int[] WEIGHTS = {3, 7, 9, 10, 5, 8, 4, 2};
    private static final Pattern BODY = Pattern.compile("[0-9A-Z]{8}");
    // The check character can only be a digit or X, so anything else is a shape error.
    private static final Pattern SHAPE = Pattern.compile("([0-9A-Z]{8})-?([0-9X])");

    private OrganisationCode() {
    }

    /**
     * Check character for an eight-character body: 11 − (Σ vᵢ·wᵢ mod 11), with 10 written X
     * and 11 written 0. Letters count A=10 … Z=35.
     *
     * @throws IllegalArgumentException if the body is not eight characters 0-9/A-Z
     */
    public static char checkCharacter(String body8) {
        if (body8 == null || !BODY.matcher(body8).matches()) {
            throw new IllegalArgumentException("body must be 8 characters 0-9/A-Z");
        }
        int sum = 0;
        for (int i = 0; i < 8; i++) {
            sum += Character.digit(body8.charAt(i), 36) * WEIGHTS[i];
        }
        int c = 11 - sum % 11;
        return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
    }

    /**
     * Canonical {@code XXXXXXXX-X} form (half width, upper case, trimmed; the hyphen may be
     * missing in the input), or empty when the shape is wrong. Does not test the check
     * character; see {@link #isValid(String)}.
     */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        var m = SHAPE.matcher(Text.toHalfWidth(raw).trim().toUpperCase(Locale.ROOT));
        return m.matches() ? Optional.of(m.group(1) + "-" + m.group(2)) : Optional.empty();
    }

    public static boolean isValid(String raw) {
        return normalise(raw).filter(OrganisationCode::checks).isPresent();
    }

    /**
     * Adds an ERROR {@code organisation-code.format} or {@code organisation-code.check-character}.
     * A null or blank value is a format error: callers skip optional fields that were left empty.
     */
    public static void validate(String field, String raw, Violations out) {
        Optional<String> code = normalise(raw);
        if (code.isEmpty()) {
            out.error(field, "organisation-code.format",
                    "组织机构代码格式不正确，应为8位数字或大写字母加1位校验码（如 XXXXXXXX-X）",
                    "organisation code must be 8 digits or capital letters and a check character (XXXXXXXX-X)");
        } else if (!checks(code.get())) {
            out.error(field, "organisation-code.check-character",
                    "组织机构代码校验码不正确",
                    "organisation code check character is wrong");
        }
    }

    private static boolean checks(String canonical) {
        return checkCharacter(canonical.substring(0, 8)) == canonical.charAt(9);
    }
}
