package cn.unioncard.registry.events.codes;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * 国籍 as an ISO 3166-1 alpha-3 code; almost every member is Chinese, so CHN is the default.
 *
 * <p>Limitation: there is no list of countries here. Apart from China (中国, CHN, numeric 156)
 * any three upper-case letters are accepted as an alpha-3 code without checking that the code
 * is assigned, and other countries have no Chinese label or numeric code. Add a table when a
 * screen needs more than that.
 */
public record Nationality(String code) implements CodedValue {

    // Declared before CHN: static fields initialise in order and the constructor needs it.
    private static final Pattern ALPHA3 = Pattern.compile("[A-Z]{3}");

    public static final Nationality CHN = new Nationality("CHN");

    public Nationality {
        Objects.requireNonNull(code, "code");
        if (!ALPHA3.matcher(code).matches()) {
            throw new IllegalArgumentException("ISO 3166-1 alpha-3 code expected");
        }
    }

    /** 中国 for CHN; for other countries the alpha-3 code itself (no name table, see above). */
    @Override
    public String label() {
        return isChina() ? "中国" : code;
    }

    public boolean isChina() {
        return "CHN".equals(code);
    }

    /** 中国 / 中华人民共和国 / CHN / 156 → CHN; otherwise three upper-case letters. */
    public static Optional<Nationality> fromInput(String input) {
        String s = Lookup.clean(input);
        if (s == null) {
            return Optional.empty();
        }
        if (s.equals("中国") || s.equals("中华人民共和国") || s.equals("CHN") || s.equals("156")) {
            return Optional.of(CHN);
        }
        return ALPHA3.matcher(s).matches() ? Optional.of(new Nationality(s)) : Optional.empty();
    }
}
