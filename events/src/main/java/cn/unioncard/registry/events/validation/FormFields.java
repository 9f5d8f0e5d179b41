package cn.unioncard.registry.events.validation;

/** The rules every free-text form field shares: required or not, no control or invisible characters, NFC, a length range. */
public final class FormFields {

    public static final String CONTROL_CHARACTERS = "text.control-characters";
    public static final String INVISIBLE_CHARACTERS = "text.invisible-characters";

    private FormFields() {
    }

    public static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    public static void required(Violations v, String field) {
        v.error(field, "required", "必填项不能为空", "this field is required");
    }

    /**
     * False, with a violation, when the text holds a control character or an invisible one (a
     * bidi override, zero-width or other format character: {@link Text#isInvisible}).
     */
    public static boolean printable(Violations v, String field, String raw) {
        if (Text.hasControlCharacters(raw)) {
            v.error(field, CONTROL_CHARACTERS, "不能包含控制字符", "must not contain control characters");
            return false;
        }
        if (Text.hasInvisibleCharacters(raw)) {
            v.error(field, INVISIBLE_CHARACTERS, "不能包含不可见字符（如双向文本控制符、零宽字符、BOM）",
                    "must not contain invisible characters (bidi controls, zero-width characters, a BOM)");
            return false;
        }
        return true;
    }

    /**
     * The text trimmed with inner whitespace collapsed and in NFC, or null when it is missing or breaks a
     * rule (then a violation is added). Length counts characters, not UTF-16 units.
     */
    public static String text(Violations v, String field, String raw, boolean mandatory, int min, int max) {
        if (blank(raw)) {
            if (mandatory) {
                required(v, field);
            }
            return null;
        }
        if (!printable(v, field, raw)) {
            return null;
        }
        String s = Text.nfc(Text.collapseWhitespace(raw));
        int length = s.codePointCount(0, s.length());
        if (length < min || length > max) {
            v.error(field, "text.length", "长度应为 " + min + "–" + max + " 个字符",
                    "length must be " + min + "–" + max + " characters");
            return null;
        }
        return s;
    }
}
