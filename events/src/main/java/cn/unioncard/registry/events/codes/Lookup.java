package cn.unioncard.registry.events.codes;

import cn.unioncard.registry.events.validation.Text;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shared input matching for the code tables: clerks type the code ("3", "03"), the label, or
 * copy the drop-down text "3 高中、技校" / "3、高中、技校" of the entry template.
 */
final class Lookup {

    private static final Pattern DIGITS = Pattern.compile("\\d{1,4}");
    // A code, a separator, then the label; used only when code and label agree.
    private static final Pattern CODE_AND_LABEL = Pattern.compile("(\\d{1,4}) ?[、.:：\\- ] ?(\\S.*)");

    private Lookup() {
    }

    /** Half width, trimmed, inner whitespace collapsed; null when nothing is left. */
    static String clean(String raw) {
        String s = Text.collapseWhitespace(Text.toHalfWidth(raw));
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Finds the entry whose numeric code equals the input's number (so "03" and "3" both find
     * code "3" or "03"), or whose label or alias equals the input.
     */
    static <E extends Enum<E> & CodedValue> Optional<E> find(E[] values, String raw, Map<String, E> aliases) {
        String s = clean(raw);
        if (s == null) {
            return Optional.empty();
        }
        Optional<E> direct = byCodeOrLabel(values, s, aliases);
        if (direct.isPresent()) {
            return direct;
        }
        Matcher m = CODE_AND_LABEL.matcher(s);
        if (m.matches()) {
            Optional<E> byCode = byCodeOrLabel(values, m.group(1), aliases);
            Optional<E> byLabel = byCodeOrLabel(values, m.group(2), aliases);
            if (byCode.isPresent() && byCode.equals(byLabel)) {
                return byCode;
            }
        }
        return Optional.empty();
    }

    private static <E extends Enum<E> & CodedValue> Optional<E> byCodeOrLabel(E[] values, String s,
                                                                            Map<String, E> aliases) {
        if (DIGITS.matcher(s).matches()) {
            int n = Integer.parseInt(s);
            for (E e : values) {
                if (Integer.parseInt(e.code()) == n) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        }
        for (E e : values) {
            if (e.label().equals(s)) {
                return Optional.of(e);
            }
        }
        return Optional.ofNullable(aliases.get(s));
    }
}
