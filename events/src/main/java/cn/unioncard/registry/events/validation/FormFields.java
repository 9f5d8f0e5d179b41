package cn.unioncard.registry.events.validation;

/** The rules every free-text form field shares: required or not, no control characters, a length range. */
public final class FormFields {

    private FormFields() {
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public static void required(Violations v, String field) {
        v.error(field, "required", "必填项不能为空", "this field is required");
    }

    /**
     * The text trimmed with inner whitespace collapsed, or null when it is missing or breaks a
     * rule (then a violation is added). Length counts characters, not UTF-16 units.
     */
    public static String text(Violations v, String field, String raw, boolean mandatory, int min, int max) {
        if (blank(raw)) {
            if (mandatory) {
                required(v, field);
            }
            return null;
        }
        if (Text.hasControlCharacters(raw)) {
            v.error(field, "text.control-characters", "不能包含控制字符", "must not contain control characters");
            return null;
        }
        String s = Text.collapseWhitespace(raw);
        int length = s.codePointCount(0, s.length());
        if (length < min || length > max) {
            v.error(field, "text.length", "长度应为 " + min + "–" + max + " 个字符",
                    "length must be " + min + "–" + max + " characters");
            return null;
        }
        return s;
    }
}
