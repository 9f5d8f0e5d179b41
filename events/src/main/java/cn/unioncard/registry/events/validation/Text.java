package cn.unioncard.registry.events.validation;

import java.text.Normalizer;

/**
 * Text clean-up shared by the validators. Chinese input methods readily produce full-width
 * digits and letters (０１２, ＡＢＣ) and the ideographic space U+3000; they look right to the
 * clerk but fail every pattern, so input is folded to ASCII before it is checked.
 */
public final class Text {

    private Text() {
    }

    /**
     * Folds full-width digits ０-９, letters Ａ-Ｚ ａ-ｚ, the ideographic space and the
     * full-width hyphen, plus, full stop and solidus (＋ for +86, ．／ in dates) to ASCII.
     * Everything else, Chinese text included, is left alone. {@code null} stays {@code null}.
     */
    public static String toHalfWidth(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char h = halfWidth(c);
            if (h != c && out == null) {
                out = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (out != null) {
                out.append(h);
            }
        }
        return out == null ? s : out.toString();
    }

    private static char halfWidth(char c) {
        if ((c >= '０' && c <= '９') || (c >= 'Ａ' && c <= 'Ｚ') || (c >= 'ａ' && c <= 'ｚ')
                || c == '－' || c == '＋' || c == '．' || c == '／') {
            return (char) (c - 0xFEE0); // the full-width block mirrors ASCII at this offset
        }
        return c == '\u3000' ? ' ' : c;
    }

    /**
     * Trims and replaces every inner run of whitespace (including U+3000 and no-break spaces)
     * with one ASCII space. {@code null} stays {@code null}.
     */
    public static String collapseWhitespace(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        boolean pendingSpace = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isWhitespace(c)) {
                pendingSpace = out.length() > 0;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    /** True for any C0/C1 control character (tabs and line breaks included). */
    public static boolean hasControlCharacters(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True for a character that changes how the text around it is shown without showing itself:
     * bidirectional controls (U+202A–202E, U+2066–2069, U+200E/200F, U+061C), zero-width and
     * other format characters (Unicode category Cf: U+200B–200D, U+2060–2064, U+FEFF, U+00AD,
     * U+180E …), the line and paragraph separators U+2028/2029, the Hangul fillers, and a lone
     * surrogate. Any of them lets a name print as something other than what is stored.
     */
    public static boolean isInvisible(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0;
    }

    /** True when any character is {@link #isInvisible invisible}. */
    public static boolean hasInvisibleCharacters(String s) {
        return s != null && s.codePoints().anyMatch(Text::isInvisible);
    }

    /** The text in Unicode normal form C (composed), so equal-looking names are stored equally. */
    public static String nfc(String s) {
        return s == null || Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s,
                Normalizer.Form.NFC);
    }

    /** Half width, then collapsed whitespace: the usual first step for a short code. */
    static String clean(String s) {
        return collapseWhitespace(toHalfWidth(s));
    }

    static boolean isWhitespace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** Removes every whitespace character (codes are often typed in groups: "6222 0200 …"). */
    static String removeWhitespace(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isWhitespace(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
