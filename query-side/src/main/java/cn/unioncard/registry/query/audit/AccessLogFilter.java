package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.validation.Violations;

import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The access log's filters as one SQL condition on member_access, each a column an index of V25 leads
 * with. {@code from}/{@code to} take an instant or a date (a date is its Shanghai day: from its start, to
 * its end), refused naming the parameter.
 */
record AccessLogFilter(String memberId, String actor, String unionId, String unionPath, boolean revealedOnly,
                       Instant from, Instant to, boolean toInclusive) {

    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** Parses the time bounds (and nothing else: the union's path is looked up after). */
    static AccessLogFilter of(String memberId, String actor, String unionId, Boolean revealedOnly, String from,
                              String to) {
        Violations v = new Violations();
        Instant start = null;
        Instant end = null;
        boolean inclusive = true;
        if (from != null && !from.isBlank()) {
            start = instant(from);
            if (start == null) {
                start = date(from).map(d -> d.atStartOfDay(ZONE).toInstant()).orElse(null);
            }
            if (start == null) {
                v.error("from", "from.format", "from 应为日期（2026-12-01）或时刻（2026-12-01T08:00:00Z）",
                        "from must be a date (2026-12-01) or an instant (2026-12-01T08:00:00Z)");
            }
        }
        if (to != null && !to.isBlank()) {
            end = instant(to);
            if (end == null) {
                inclusive = false;
                end = date(to).map(d -> d.plusDays(1).atStartOfDay(ZONE).toInstant()).orElse(null);
            }
            if (end == null) {
                v.error("to", "to.format", "to 应为日期（2026-12-01）或时刻（2026-12-01T08:00:00Z）",
                        "to must be a date (2026-12-01) or an instant (2026-12-01T08:00:00Z)");
            }
        }
        if (start != null && end != null && end.isBefore(start)) {
            v.error("to", "to.before-from", "to 不能早于 from", "to cannot be before from");
        }
        v.throwIfAny();
        return new AccessLogFilter(blankToNull(memberId), blankToNull(actor), blankToNull(unionId), null,
                Boolean.TRUE.equals(revealedOnly), start, end, inclusive);
    }

    AccessLogFilter withUnionPath(String path) {
        return new AccessLogFilter(memberId, actor, unionId, path, revealedOnly, from, to, toInclusive);
    }

    /** The where clause and its arguments; {@code membersUnder} is the member directory's path condition on member_id. */
    Condition condition(String membersUnder) {
        StringBuilder where = new StringBuilder(" where true");
        List<Object> args = new ArrayList<>();
        if (memberId != null) {
            where.append(" and member_id = ?");
            args.add(memberId);
        }
        if (actor != null) {
            where.append(" and actor_user = ?");
            args.add(actor);
        }
        if (unionPath != null) {
            where.append(" and ").append(membersUnder);
            args.add(unionPath.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (revealedOnly) {
            where.append(" and revealed");
        }
        if (from != null) {
            where.append(" and accessed_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            where.append(toInclusive ? " and accessed_at <= ?" : " and accessed_at < ?");
            args.add(Timestamp.from(to));
        }
        return new Condition(where.toString(), List.copyOf(args));
    }

    /** What the sheet writes on top: the filters given, in words (ids and times only). */
    String describe() {
        List<String> parts = new ArrayList<>();
        if (memberId != null) {
            parts.add("会员编号 " + memberId);
        }
        if (actor != null) {
            parts.add("查阅人 " + actor);
        }
        if (unionId != null) {
            parts.add("工会 " + unionId + " 及其下级（按会员当前所在工会）");
        }
        if (revealedOnly) {
            parts.add("仅显示完整信息的查阅");
        }
        if (from != null) {
            parts.add("自 " + from);
        }
        if (to != null) {
            parts.add((toInclusive ? "至 " : "早于 ") + to);
        }
        return "筛选条件：" + (parts.isEmpty() ? "全部" : String.join("；", parts));
    }

    /** A where clause (starting with a space) and its arguments. */
    record Condition(String where, List<Object> args) {
        Object[] with(Object... more) {
            List<Object> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text.trim()).toInstant();
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static java.util.Optional<LocalDate> date(String text) {
        try {
            return java.util.Optional.of(LocalDate.parse(text.trim()));
        } catch (DateTimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
