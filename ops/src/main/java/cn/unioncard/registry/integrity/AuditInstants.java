package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.validation.Violations;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * The auditors' time parameters, read one way: an ISO instant (with an offset), or a date meaning its
 * start ({@code from}, {@code asOf} is an instant only) or its end ({@code to}) in Asia/Shanghai.
 */
final class AuditInstants {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private AuditInstants() {
    }

    /** The instant {@code text} names (a date: its start, or its end when {@code end}); null when absent or refused into {@code v}. */
    static Instant parse(String field, String text, boolean end, boolean dateAllowed, Violations v) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.trim();
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException notInstant) {
            if (dateAllowed) {
                try {
                    LocalDate d = LocalDate.parse(t);
                    return end ? d.plusDays(1).atStartOfDay(ZONE).toInstant().minusNanos(1) : d.atStartOfDay(ZONE).toInstant();
                } catch (DateTimeParseException notDate) {
                    // refused below
                }
            }
        }
        v.error(field, "instant.format", dateAllowed ? "应为带时区的时间（如 2026-06-30T12:00:00+08:00）或日期（如 2026-06-30）"
                        : "应为带时区的时间，如 2026-06-30T12:00:00+08:00",
                dateAllowed ? "must be an ISO instant with an offset (2026-06-30T12:00:00+08:00) or a date (2026-06-30)"
                        : "must be an ISO instant with an offset, such as 2026-06-30T12:00:00+08:00");
        return null;
    }
}
