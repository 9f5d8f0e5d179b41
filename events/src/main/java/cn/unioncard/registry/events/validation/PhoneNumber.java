package cn.unioncard.registry.events.validation;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A union contact phone (chair, form filler): either a mobile or a landline with optional
 * area code and extension, e.g. {@code 0592-5551234-801}.
 */
public final class PhoneNumber {

    private static final Pattern LANDLINE = Pattern.compile("(0\\d{2,3}-?)?\\d{7,8}(-\\d{1,6})?");

    private PhoneNumber() {
    }

    /**
     * A mobile in its canonical 11-digit form (see {@link MobileNumber}), or a landline with
     * whitespace removed and hyphens kept as typed; empty when it is neither.
     */
    public static Optional<String> normalise(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Text.removeWhitespace(Text.toHalfWidth(raw));
        Optional<String> mobile = MobileNumber.normalise(s);
        if (mobile.isPresent()) {
            return mobile;
        }
        return LANDLINE.matcher(s).matches() ? Optional.of(s) : Optional.empty();
    }

    public static boolean isValid(String raw) {
        return normalise(raw).isPresent();
    }

    /** Adds an ERROR {@code phone.format}. Null or blank is an error: skip optional empties. */
    public static void validate(String field, String raw, Violations out) {
        if (normalise(raw).isEmpty()) {
            out.error(field, "phone.format",
                    "电话号码格式不正确，应为手机号码或固定电话（区号-号码-分机）",
                    "a phone number must be a mobile or a landline (area code-number-extension)");
        }
    }
}
