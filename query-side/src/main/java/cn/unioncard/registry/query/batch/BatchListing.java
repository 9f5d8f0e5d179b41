package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.validation.Violations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch list, oldest waiting first: (submitted_at, batch_id), the order of V20's indexes, whose
 * leading column is the filter (status, or a union), so a page is an index walk that stops at its
 * last row. The viewer's subtree is a prefix of union_path, checked on each entry of that walk. A page
 * after a cursor (the last batch id shown) starts the walk at that batch.
 */
@Component
class BatchListing {

    /** Submission dates are the registry's local days. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final String HEAD = """
            select batch_id, union_id, status, member_count, approved_count, debit_credit_count, erased_count,
                   erased_after_handover, content_hash, replaces, replaced_by, submitted_at, on_behalf, reviewed_at,
                   reviewer_union_id, handed_over_on
            from batch_view\s""";
    static final String ORDER = " order by submitted_at, batch_id offset ? rows fetch first ? rows only";
    static final String AFTER = " and (submitted_at, batch_id) > (select submitted_at, batch_id from batch_view"
            + " where batch_id = ?) order by submitted_at, batch_id fetch first ? rows only";

    record Row(String batchId, String unionId, BatchStatus status, int memberCount, Integer approvedCount,
               int debitCreditCount, int erasedCount, int erasedAfterHandover, String contentHash, String replaces,
               String replacedBy, Instant submittedAt, boolean onBehalf, Instant reviewedAt, String reviewerUnionId,
               LocalDate handedOverOn) {
    }

    record Found(List<Row> rows, long total, String next) {
    }

    /** The list's condition: within {@code scope} (a path prefix), and the filters given. */
    record Filter(String where, List<Object> args) {

        static Filter of(String scope, BatchStatus status, String unionId, LocalDate from, LocalDate to) {
            StringBuilder where = new StringBuilder("where union_path like ? escape '\\'");
            List<Object> args = new ArrayList<>(List.of(
                    scope.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"));
            if (status != null) {
                where.append(" and status = ?");
                args.add(status.name());
            }
            if (unionId != null) {
                where.append(" and union_id = ?");
                args.add(unionId);
            }
            if (from != null) {
                where.append(" and submitted_at >= ?");
                args.add(Timestamp.from(from.atStartOfDay(ZONE).toInstant()));
            }
            if (to != null) {
                where.append(" and submitted_at < ?");
                args.add(Timestamp.from(to.plusDays(1).atStartOfDay(ZONE).toInstant()));
            }
            return new Filter(where.toString(), args);
        }

        Object[] with(Object... more) {
            List<Object> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }

    static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getString(1), rs.getString(2),
            BatchStatus.valueOf(rs.getString(3)), rs.getInt(4), (Integer) rs.getObject(5), rs.getInt(6), rs.getInt(7),
            rs.getInt(8), rs.getString(9), rs.getString(10), rs.getString(11), instant(rs.getTimestamp(12)),
            rs.getBoolean(13), instant(rs.getTimestamp(14)), rs.getString(15),
            rs.getDate(16) == null ? null : rs.getDate(16).toLocalDate());

    private final JdbcTemplate jdbc;

    BatchListing(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Found page(Filter f, int page, int size) {
        List<Row> rows = new ArrayList<>(jdbc.query(HEAD + f.where() + ORDER, ROW,
                f.with((long) page * size, size + 1)));
        return found(f, rows, size);
    }

    /** The page after the batch {@code afterId}, which must be one the viewer sees (else refused, naming {@code after}). */
    Found after(Filter f, String afterId, String scope, int size) {
        List<Row> rows = new ArrayList<>(jdbc.query(HEAD + f.where() + AFTER, ROW, f.with(afterId, size + 1)));
        if (rows.isEmpty() && !Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from batch_view where batch_id = ? and starts_with(union_path, ?))",
                Boolean.class, afterId, scope))) {
            new Violations().error("after", "after.unknown", "after 不是本列表的翻页位置，请从第一页重新开始",
                    "after is not a cursor of this list; start again from the first page").throwIfAny();
        }
        return found(f, rows, size);
    }

    private Found found(Filter f, List<Row> rows, int size) {
        boolean more = rows.size() > size;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        long total = jdbc.queryForObject("select count(*) from batch_view " + f.where(), Long.class,
                f.args().toArray());
        return new Found(List.copyOf(rows), total, more ? rows.get(rows.size() - 1).batchId() : null);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
