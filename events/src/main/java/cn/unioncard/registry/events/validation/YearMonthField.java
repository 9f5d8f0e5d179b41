package cn.unioncard.registry.events.validation;

import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Year-month fields of the member form (work start, union join, social insurance start).
 * Clerks type them in many ways, so several spellings are accepted and stored as {@link YearMonth}.
 */
public final class YearMonthField {

    /**
     * The floor of a working life's dates: nobody still working or insured today started before
     * 1950 (the PRC's labour insurance began in 1951), and a date older than this is a typing slip.
     */
    public static final YearMonth EARLIEST = YearMonth.of(1950, 1);
    private static final List<Pattern> FORMS = List.of(
            Pattern.compile("(\\d{4})-(\\d{1,2})"),       // 2013-01, 2013-1
            Pattern.compile("(\\d{4})(\\d{2})"),          // 201301
            Pattern.compile("(\\d{4})/(\\d{1,2})"),       // 2013/01
            Pattern.compile("(\\d{4})\\.(\\d{1,2})"),     // 2013.01
            Pattern.compile("(\\d{4}) ?年 ?(\\d{1,2}) ?月")); // 2013年1月, 2013 年 01 月

    private YearMonthField() {
    }

    /**
     * Parses {@code yyyy-MM}, {@code yyyyMM}, {@code yyyy/MM}, {@code yyyy年M月} or
     * {@code yyyy.MM} (full width folded, whitespace trimmed). Empty when no form matches,
     * the month is not 1–12, or the value is before {@link #EARLIEST}.
     */
    public static Optional<YearMonth> parse(String raw) {
        return parse(raw, EARLIEST);
    }

    /** As {@link #parse(String)}, with {@code earliest} as the floor instead of a working life's. */
    public static Optional<YearMonth> parse(String raw, YearMonth earliest) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Text.collapseWhitespace(Text.toHalfWidth(raw));
        for (Pattern form : FORMS) {
            Matcher m = form.matcher(s);
            if (m.matches()) {
                int year = Integer.parseInt(m.group(1));
                int month = Integer.parseInt(m.group(2));
                if (month < 1 || month > 12) {
                    return Optional.empty();
                }
                YearMonth ym = YearMonth.of(year, month);
                return ym.isBefore(earliest) ? Optional.empty() : Optional.of(ym);
            }
        }
        return Optional.empty();
    }

    /**
     * Adds an ERROR {@code year-month.format} (unreadable, not a real month or before {@link #EARLIEST})
     * or {@code year-month.future} (after {@code now}).
     */
    public static void validate(String field, String raw, YearMonth now, Violations out) {
        validate(field, raw, now, EARLIEST, out);
    }

    /** As {@link #validate(String, String, YearMonth, Violations)}, with {@code earliest} as the floor. */
    public static void validate(String field, String raw, YearMonth now, YearMonth earliest, Violations out) {
        Optional<YearMonth> ym = parse(raw, earliest);
        if (ym.isEmpty()) {
            out.error(field, "year-month.format",
                    "年月格式不正确（如 2013-01 或 2013年1月），且不能早于" + earliest.getYear() + "年"
                            + earliest.getMonthValue() + "月",
                    "a year-month must look like 2013-01 or 201301 and not be before " + earliest);
        } else if (ym.get().isAfter(now)) {
            out.error(field, "year-month.future",
                    "年月不能晚于当前月份",
                    "the year-month cannot be in the future");
        }
    }
}
