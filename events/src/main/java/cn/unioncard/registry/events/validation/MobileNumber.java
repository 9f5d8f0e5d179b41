package cn.unioncard.registry.events.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mainland China mobile number: 11 digits, 1 followed by 3–9. The bank sends card notices to
 * it, so it is stored in one canonical form without country code or separators.
 */
public final class MobileNumber {

    private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    private MobileNumber() {
    }

    /**
     * Strips spaces and hyphens and a {@code +86}, {@code 0086} or {@code 86} prefix (full width
     * folded first), then requires {@code ^1[3-9]\d{9}$}. Returns the 11 digits or empty.
     */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Text.removeWhitespace(Text.toHalfWidth(raw)).replace("-", "");
        if (s.startsWith("+86")) {
            s = s.substring(3);
        } else if (s.startsWith("0086")) {
            s = s.substring(4);
        } else if (s.startsWith("86") && s.length() == 13) {
            s = s.substring(2); // a bare 11-digit mobile never starts with 86, so this is safe
        }
        return MOBILE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    public static boolean isValid(String raw) {
        return normalise(raw).isPresent();
    }

    /** Adds an ERROR {@code mobile.format}. Null or blank is an error: skip optional empties. */
    public static void validate(String field, String raw, Violations out) {
        if (normalise(raw).isEmpty()) {
            out.error(field, "mobile.format",
                    "手机号码格式不正确，应为11位数字且以13至19开头",
                    "a mobile number must be 11 digits starting with 13 to 19");
        }
    }
}
