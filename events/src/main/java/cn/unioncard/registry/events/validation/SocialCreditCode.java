package cn.unioncard.registry.events.validation;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Unified social credit code (统一社会信用代码, GB 32100): 18 characters from a 31-character
 * set that leaves out I, O, Z, S and V (easily confused with 1, 0, 2, 5 and U).
 *
 * <p>A failing check character is only a WARNING: some genuine codes issued during the
 * 2015–2016 changeover fail it, so a user may override it with a reason; the caller decides.
 */
public final class SocialCreditCode {

    static final String CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    private static final Pattern SHAPE = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{18}");
    private static final Pattern BODY = Pattern.compile("[0-9A-HJ-NPQRTUWXY]{17}");

    private SocialCreditCode() {
    }

    /**
     * Check character for the first 17 characters: charset[(31 − Σ vᵢ·wᵢ mod 31) mod 31].
     *
     * @throws IllegalArgumentException if the argument is not 17 characters of the charset
     */
    public static char checkCharacter(String first17) {
        if (first17 == null || !BODY.matcher(first17).matches()) {
            throw new IllegalArgumentException("body must be 17 characters of the GB 32100 charset");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += CHARSET.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        return CHARSET.charAt((31 - sum % 31) % 31);
    }

    /** Upper-case, half-width, trimmed 18 characters of the charset, or empty. No check test. */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Text.toHalfWidth(raw).trim().toUpperCase(Locale.ROOT);
        return SHAPE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    public static boolean isValid(String raw) {
        return normalise(raw).filter(SocialCreditCode::checks).isPresent();
    }

    /**
     * Wrong shape → ERROR {@code social-credit-code.format}; right shape with a failing check
     * character → WARNING {@code social-credit-code.check-character}. Null or blank is a
     * format error: callers skip optional fields that were left empty.
     */
    public static void validate(String field, String raw, Violations out) {
        Optional<String> code = normalise(raw);
        if (code.isEmpty()) {
            out.error(field, "social-credit-code.format",
                    "统一社会信用代码格式不正确，应为18位数字或大写字母（不含 I、O、Z、S、V）",
                    "unified social credit code must be 18 digits or capital letters (without I, O, Z, S, V)");
        } else if (!checks(code.get())) {
            out.warning(field, "social-credit-code.check-character",
                    "统一社会信用代码校验码不符，如确认无误请注明原因",
                    "unified social credit code check character does not match; give a reason if the code is correct");
        }
    }

    /**
     * The organisation code embedded at positions 9–17 (indices 8..16), as {@code XXXXXXXX-X},
     * to cross-check against a separately entered organisation code. Empty on a shape error.
     */
    public static Optional<String> embeddedOrganisationCode(String uscc) {
        return normalise(uscc).map(s -> s.substring(8, 16) + "-" + s.charAt(16));
    }

    private static boolean checks(String code) {
        return checkCharacter(code.substring(0, 17)) == code.charAt(17);
    }
}
