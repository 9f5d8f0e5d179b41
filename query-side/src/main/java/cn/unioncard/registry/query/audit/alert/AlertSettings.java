package cn.unioncard.registry.query.audit.alert;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * The alert rules' thresholds and working time, given by ops from {@code registry.alerts.*} (this side reads
 * no configuration). Working hours include their start and exclude their end; days and hours are Asia/Shanghai.
 */
public record AlertSettings(int revealThreshold, Duration revealWindow, LocalTime workStart, LocalTime workEnd,
                            DayOfWeek firstWorkDay, DayOfWeek lastWorkDay, int exportThreshold, int denialThreshold,
                            Duration denialWindow) {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    public AlertSettings {
        if (revealThreshold < 0 || exportThreshold < 0 || denialThreshold < 1) {
            throw new IllegalArgumentException("registry.alerts: thresholds must be positive");
        }
        if (revealWindow.isNegative() || revealWindow.isZero() || denialWindow.isNegative() || denialWindow.isZero()) {
            throw new IllegalArgumentException("registry.alerts: windows must be longer than zero");
        }
        if (!workStart.isBefore(workEnd)) {
            throw new IllegalArgumentException("registry.alerts.working-hours: the start must come before the end");
        }
    }

    /** From the settings' text forms: hours {@code 07:00-21:00}, days {@code MONDAY-SATURDAY}. */
    public static AlertSettings of(int revealThreshold, Duration revealWindow, String workingHours, String workingDays,
                                   int exportThreshold, int denialThreshold, Duration denialWindow) {
        String[] hours = range(workingHours, "working-hours");
        String[] days = range(workingDays, "working-days");
        try {
            return new AlertSettings(revealThreshold, revealWindow, LocalTime.parse(hours[0]), LocalTime.parse(hours[1]),
                    DayOfWeek.valueOf(days[0]), DayOfWeek.valueOf(days[1]), exportThreshold, denialThreshold,
                    denialWindow);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("registry.alerts: working hours are HH:MM-HH:MM and working days "
                    + "MONDAY-SATURDAY (English day names)", e);
        }
    }

    /** Whether a read at {@code at} is outside working hours or days. */
    public boolean offHours(Instant at) {
        ZonedDateTime local = at.atZone(ZONE);
        int day = Math.floorMod(local.getDayOfWeek().getValue() - firstWorkDay.getValue(), 7);
        int workDays = Math.floorMod(lastWorkDay.getValue() - firstWorkDay.getValue(), 7);
        LocalTime time = local.toLocalTime();
        return day > workDays || time.isBefore(workStart) || !time.isBefore(workEnd);
    }

    private static String[] range(String text, String key) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\s*-\\s*");
        if (parts.length != 2) {
            throw new IllegalArgumentException("registry.alerts." + key + " must be a range such as "
                    + ("working-hours".equals(key) ? "07:00-21:00" : "MONDAY-SATURDAY"));
        }
        return parts;
    }
}
