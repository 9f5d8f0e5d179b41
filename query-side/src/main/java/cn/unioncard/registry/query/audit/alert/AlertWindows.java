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
     * {@code strictlyMore}); while an alert's last evidence is within a window of this event, extends it, unless
     * the DPO acknowledged it before this event: then only what came after the acknowledgement counts anew.
     */
    void sliding(AlertRule rule, Subject subject, Evidence e, Duration window, int threshold, boolean strictlyMore) {
        if (!rows.signal(rule, subject.key(), e.eventId(), e.items(), e.at())) {
            return;
        }
        Instant from = e.at().minus(window).plusNanos(1000); // within the window: later than at - window
        Optional<AlertRows.Open> latest = rows.latest(rule, subject.key(), from);
        if (latest.isPresent() && latest.get().takes(e.at())) {
            AlertRows.Open open = latest.get();
            Instant end = open.windowEnd().isAfter(e.at()) ? open.windowEnd() : e.at();
            rows.extend(open.alertId(), e.at(), rows.items(rule, subject.key(), open.windowStart(), end), e.eventId());
            return;
        }
        Instant since = latest.map(o -> later(from, afterAcknowledgement(o))).orElse(from);
        raiseFrom(rule, subject, e, since, threshold, strictlyMore, true);
    }

    /**
     * Raises when the day's items (Asia/Shanghai) reach or pass {@code threshold}; later ones that day extend it,
     * and after the DPO's acknowledgement the rest of the day counts anew.
     */
    void daily(AlertRule rule, Subject subject, Evidence e, int threshold, boolean strictlyMore) {
        if (!rows.signal(rule, subject.key(), e.eventId(), e.items(), e.at())) {
            return;
        }
        LocalDate day = e.at().atZone(AlertSettings.ZONE).toLocalDate();
        Instant start = day.atStartOfDay(AlertSettings.ZONE).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(AlertSettings.ZONE).toInstant().minusNanos(1000);
        Optional<AlertRows.Open> latest = rows.latestStartingFrom(rule, subject.key(), start);
        if (latest.isPresent() && latest.get().takes(e.at())) {
            AlertRows.Open open = latest.get();
            rows.extend(open.alertId(), e.at(), rows.items(rule, subject.key(), open.windowStart(), end), e.eventId());
            return;
        }
        raiseFrom(rule, subject, e, latest.map(AlertWindows::afterAcknowledgement).orElse(start), threshold,
                strictlyMore, false);
    }

    /** A sliding window starts at its first signal; a day's at the day's start (or just after an acknowledgement). */
    private void raiseFrom(AlertRule rule, Subject subject, Evidence e, Instant from, int threshold,
                           boolean strictlyMore, boolean startAtFirstSignal) {
        int count = rows.items(rule, subject.key(), from, e.at());
        if (count > 0 && (strictlyMore ? count > threshold : count >= threshold)) {
            Instant start = startAtFirstSignal ? rows.firstSignal(rule, subject.key(), from, e.at()) : from;
            rows.raise(rule, subject.key(), subject.actor(), subject.address(), e.at(), start, count, threshold,
                    rows.events(rule, subject.key(), start, e.at()));
        }
    }

    private static Instant afterAcknowledgement(AlertRows.Open acknowledged) {
        return acknowledged.acknowledgedAt().plusNanos(1000);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
