package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.audit.AlertRule;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The two shapes of window the rules count in: a sliding one (so many within an hour, whenever it starts)
 * and a calendar day in Asia/Shanghai. One alert per rule, subject and window; evidence arriving while an
 * alert's window is open extends that alert instead of raising another.
 */
@Component
class AlertWindows {

    /** Who an alert is about: an account or a client address. */
    record Subject(String key, String actor, String address) {
        static Subject actor(String user) {
            return new Subject("actor:" + user, user, null);
        }

        static Subject address(String address) {
            return new Subject("address:" + address, null, address);
        }
    }

    /** What one event brings to a rule: its id, its time and what it counts (members, or itself). */
    record Evidence(String eventId, Instant at, List<String> items) {
    }

    private final AlertRows rows;

    AlertWindows(AlertRows rows) {
        this.rows = rows;
    }

    /**
     * Raises when the items within {@code window} up to this event reach {@code threshold} (more than it when
     * {@code strictlyMore}); while an alert's last evidence is within a window of this event, extends it.
     */
    void sliding(AlertRule rule, Subject subject, Evidence e, Duration window, int threshold, boolean strictlyMore) {
        if (!rows.signal(rule, subject.key(), e.eventId(), e.items(), e.at())) {
            return;
        }
        Instant from = e.at().minus(window).plusNanos(1000); // within the window: later than at - window
        Optional<AlertRows.Open> open = rows.latest(rule, subject.key(), from);
        if (open.isPresent()) {
            Instant end = open.get().windowEnd().isAfter(e.at()) ? open.get().windowEnd() : e.at();
            rows.extend(open.get().alertId(), e.at(), rows.items(rule, subject.key(), open.get().windowStart(), end),
                    e.eventId());
            return;
        }
        int count = rows.items(rule, subject.key(), from, e.at());
        if (strictlyMore ? count > threshold : count >= threshold) {
            Instant start = rows.firstSignal(rule, subject.key(), from, e.at());
            rows.raise(rule, subject.key(), subject.actor(), subject.address(), e.at(), start, count, threshold,
                    rows.events(rule, subject.key(), start, e.at()));
        }
    }

    /** Raises when the day's items (Asia/Shanghai) reach or pass {@code threshold}; later ones that day extend it. */
    void daily(AlertRule rule, Subject subject, Evidence e, int threshold, boolean strictlyMore) {
        if (!rows.signal(rule, subject.key(), e.eventId(), e.items(), e.at())) {
            return;
        }
        LocalDate day = e.at().atZone(AlertSettings.ZONE).toLocalDate();
        Instant start = day.atStartOfDay(AlertSettings.ZONE).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(AlertSettings.ZONE).toInstant().minusNanos(1000);
        int count = rows.items(rule, subject.key(), start, end);
        Optional<AlertRows.Open> open = rows.byId(AlertRows.alertId(rule, subject.key(), start));
        if (open.isPresent()) {
            rows.extend(open.get().alertId(), e.at(), count, e.eventId());
        } else if (strictlyMore ? count > threshold : count >= threshold) {
            rows.raise(rule, subject.key(), subject.actor(), subject.address(), e.at(), start, count, threshold,
                    rows.events(rule, subject.key(), start, e.at()));
        }
    }
}
