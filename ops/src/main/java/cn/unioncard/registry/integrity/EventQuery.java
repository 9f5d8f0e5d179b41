package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.validation.Violations;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One page of the event stream asked for: after a position, at most {@code limit} events matching the
 * filters. Checked as a whole (400 naming every bad parameter), and turned into one SQL condition.
 */
record EventQuery(long afterPosition, int limit, String aggregateType, String aggregateId, String payloadType,
                  Instant from, Instant to) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1_000;
    static final int MAX_LINES = 10_000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.$]{1,255}");
    private static final Pattern ID = Pattern.compile("\\S{1,255}");

    static EventQuery of(Long afterPosition, Integer limit, String aggregateType, String aggregateId,
                         String payloadType, String from, String to, boolean lines) {
        Violations v = new Violations();
        long after = afterPosition == null ? 0 : afterPosition;
        if (after < 0) {
            v.error("afterPosition", "range", "位置不能为负数", "the position cannot be negative");
        }
        int max = lines ? MAX_LINES : MAX_LIMIT;
        int n = limit == null ? DEFAULT_LIMIT : limit;
        if (n < 1 || n > max) {
            v.error("limit", "range", "每页事件数应在 1 到 " + max + " 之间", "limit must be between 1 and " + max);
        }
        name(v, "aggregateType", aggregateType, NAME);
        name(v, "aggregateId", aggregateId, ID);
        name(v, "payloadType", payloadType, NAME);
        Instant since = AuditInstants.parse("from", from, false, true, v);
        Instant until = AuditInstants.parse("to", to, true, true, v);
        if (since != null && until != null && until.isBefore(since)) {
            v.error("to", "range.empty", "结束时间不能早于开始时间", "to cannot be before from");
        }
        v.throwIfAny();
        return new EventQuery(after, n, blank(aggregateType), blank(aggregateId), blank(payloadType), since, until);
    }

    /** Whether only some events are asked for: such a page is no run of the chain. */
    boolean filtered() {
        return aggregateType != null || aggregateId != null || payloadType != null || from != null || to != null;
    }

    /** The condition on {@code domain_event_entry} (no alias), its arguments appended to {@code args}. */
    String where(long upTo, List<Object> args) {
        StringBuilder sql = new StringBuilder("global_index > ? and global_index <= ?");
        args.add(afterPosition);
        args.add(upTo);
        if (aggregateType != null) {
            sql.append(" and lower(type) = lower(?)");
            args.add(aggregateType);
        }
        if (aggregateId != null) {
            sql.append(" and aggregate_identifier = ?");
            args.add(aggregateId);
        }
        if (payloadType != null) {
            // The stored type is the class's full name; its simple name is what follows the last dot.
            sql.append(" and (payload_type = ? or substring(payload_type from '[^.]*$') = ?)");
            args.add(payloadType);
            args.add(payloadType);
        }
        if (from != null) {
            sql.append(" and time_stamp::timestamptz >= ?::timestamptz");
            args.add(from.toString());
        }
        if (to != null) {
            sql.append(" and time_stamp::timestamptz <= ?::timestamptz");
            args.add(to.toString());
        }
        return sql.toString();
    }

    static List<Object> args() {
        return new ArrayList<>();
    }

    private static void name(Violations v, String field, String value, Pattern pattern) {
        if (value != null && !value.isBlank() && !pattern.matcher(value).matches()) {
            v.error(field, "format", "格式不正确", "is not a valid name or id");
        }
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
