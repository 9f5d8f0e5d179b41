package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.validation.Violations;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A {@code from}/{@code to} period as the audit endpoints take it: an instant, or a date meaning its start
 * (for {@code from}) or its end (for {@code to}) in Asia/Shanghai. Bad values are a 400 naming the parameter.
 */
record Period(Instant from, Instant to) {

    /** Missing ends: {@code to} now, {@code from} that much before {@code to}. */
    static Period of(String from, String to, Duration byDefault, Instant now) {
        Violations v = new Violations();
        Instant end = to == null || to.isBlank() ? now : parse(to, false, "to", v);
        Instant start = from == null || from.isBlank() ? (end == null ? null : end.minus(byDefault))
                : parse(from, true, "from", v);
        if (start != null && end != null && end.isBefore(start)) {
            v.error("to", "range", "截止时间不能早于起始时间", "to must not be before from");
        }
        v.throwIfAny();
        return new Period(start, end);
    }

    private static Instant parse(String text, boolean start, String field, Violations v) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return start ? day.atStartOfDay(AlertSettings.ZONE).toInstant()
                        : day.plusDays(1).atStartOfDay(AlertSettings.ZONE).toInstant().minusNanos(1000);
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            v.error(field, "type.mismatch", "请填写日期（2026-12-01）或时刻（2026-12-01T08:00:00Z）",
                    "a date (2026-12-01) or an instant (2026-12-01T08:00:00Z)");
            return null;
        }
    }
}
