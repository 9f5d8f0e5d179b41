package cn.unioncard.registry.events.codes;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * 国籍 as an assigned ISO 3166-1 alpha-3 code (the JDK's own list); almost every member is
 * Chinese, so CHN is the default. Other countries have no Chinese label or numeric code here.
 */
public record Nationality(String code) implements CodedValue {

    // Declared before CHN: static fields initialise in order and the constructor needs it.
    private static final Pattern ALPHA3 = Pattern.compile("[A-Z]{3}");

    private static final Set<String> ASSIGNED = Set.copyOf(Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3));

    public static final Nationality CHN = new Nationality("CHN");

    public Nationality {
        Objects.requireNonNull(code, "code");
        if (!ALPHA3.matcher(code).matches() || !ASSIGNED.contains(code)) {
            throw new IllegalArgumentException("assigned ISO 3166-1 alpha-3 code expected");
        }
    }

    /** 中国 for CHN; for other countries the alpha-3 code itself (no name table). */
    @Override
    public String label() {
        return isChina() ? "中国" : code;
    }

    public boolean isChina() {
        return "CHN".equals(code);
    }

    /** 中国 / 中华人民共和国 / CHN / 156 → CHN; otherwise an assigned alpha-3 code (ZZZ, XXX are not). */
    public static Optional<Nationality> fromInput(String input) {
        String s = Lookup.clean(input);
        if (s == null) {
            return Optional.empty();
        }
        if (s.equals("中国") || s.equals("中华人民共和国") || s.equals("CHN") || s.equals("156")) {
            return Optional.of(CHN);
        }
        return ALPHA3.matcher(s).matches() && ASSIGNED.contains(s) ? Optional.of(new Nationality(s))
                : Optional.empty();
    }
}
