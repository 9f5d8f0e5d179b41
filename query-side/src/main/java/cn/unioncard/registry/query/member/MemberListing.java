package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.validation.Violations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * A union's member list in (name, id) order, read from the narrow columns it shows (never the
 * {@code details} document) through the index that holds that order (V14), so a page is an index walk
 * that stops at its last row. Filters: by status, and by a name fragment or the last digits of the ID
 * number. The total comes from {@link MemberCounts} unless a fragment filters the list; then it is
 * counted, from the index alone.
 * <p>
 * A page after a cursor (the id of the last member shown, never a name: a URL ends up in logs) starts
 * the walk at that member's (name, id), so every page costs what the first does. A numbered page steps
 * over the entries before it (OFFSET); past the middle of the list it walks from the end instead
 * ({@link ListWindow}), so the dearest page is the middle one. Each page also reads the row after it, which
 * tells whether another follows.
 */
@Component
class MemberListing {

    /** Last digits of an ID number, as a list's {@code q} asks for them (else q is a name fragment). */
    static final Pattern ID_TAIL = Pattern.compile("[0-9Xx]{1,4}");
    static final String PAGE_SQL_HEAD = "select id, name, id_number, mobile, status, authorised, version from member_view ";
    static final String FORWARD_TAIL = " order by name, id offset ? rows fetch first ? rows only";
    static final String BACKWARD_TAIL = " order by name desc, id desc offset ? rows fetch first ? rows only";
    static final String AFTER_TAIL = " and (name, id) > (select name, id from member_view where id = ? and union_id = ?)"
            + " order by name, id fetch first ? rows only";

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), MemberStatus.valueOf(rs.getString(5)), rs.getBoolean(6), rs.getLong(7));

    record Row(String id, String name, String idNumber, String mobile, MemberStatus status, boolean authorised,
               long version) {
    }

    /** A page, the list's total, and the cursor of the page after it (null when none follows). */
    record Found(List<Row> rows, long total, String next) {
    }

    /** The list's condition and its arguments; {@code counted} when its total must be counted. */
    private record Filter(String where, List<Object> args, boolean counted) {

        static Filter of(String unionId, MemberStatus status, String q) {
            StringBuilder where = new StringBuilder("where union_id = ?");
            List<Object> args = new ArrayList<>(List.of(unionId));
            if (status != null) {
                where.append(" and status = ?");
                args.add(status.name());
            }
            boolean fragment = q != null && !q.isBlank();
            if (fragment) {
                String term = q.trim();
                if (ID_TAIL.matcher(term).matches()) {
                    // id_tail like '%' || digits, asked as a prefix of the reversed tail (index member_view_tail).
                    where.append(" and reverse(id_tail) like ?");
                    args.add(new StringBuilder(term.toUpperCase()).reverse() + "%");
                } else {
                    where.append(" and name like ? escape '\\'");
                    args.add("%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                }
            }
            return new Filter(where.toString(), args, fragment);
        }

        Object[] with(Object... more) {
            List<Object> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }

    private final JdbcTemplate jdbc;
    private final MemberCounts counts;

    MemberListing(JdbcTemplate jdbc, MemberCounts counts) {
        this.jdbc = jdbc;
        this.counts = counts;
    }

    /** Page {@code page} (from 0) of {@code size}. */
    Found page(String unionId, MemberStatus status, String q, int page, int size) {
        Filter f = Filter.of(unionId, status, q);
        long offset = (long) page * size;
        // A later page needs the total anyway (to tell it, or to choose its direction); a first page seldom.
        Long known = offset == 0 ? null : total(f, unionId, status);
        ListWindow w = ListWindow.of(offset, size, known == null ? 0 : known);
        List<Row> read = w.limit() == 0 ? List.of() : jdbc.query(PAGE_SQL_HEAD + f.where()
                + (w.backward() ? BACKWARD_TAIL : FORWARD_TAIL),
                ROW, f.with(w.offset(), w.limit()));
        List<Row> rows = new ArrayList<>(read);
        boolean more = w.extra() == 1 && rows.size() == w.limit();
        if (w.backward()) {
            if (more) {
                rows.remove(0);
            }
            Collections.reverse(rows);
        } else if (more) {
            rows.remove(rows.size() - 1);
        }
        return found(rows, more, pageTotal(rows.size(), offset, size,
                () -> known != null ? known : total(f, unionId, status)));
    }

    /**
     * The {@code size} rows after the member {@code afterId} in the list's order; the member need not
     * pass the filters, only belong to the union. Any other id is refused, naming {@code after}, the same
     * way whether it is unknown or another union's (so the answer tells nothing about other unions).
     */
    Found after(String unionId, MemberStatus status, String q, String afterId, int size) {
        Filter f = Filter.of(unionId, status, q);
        List<Row> rows = new ArrayList<>(jdbc.query(PAGE_SQL_HEAD + f.where() + AFTER_TAIL, ROW,
                f.with(afterId, unionId, size + 1)));
        if (rows.isEmpty() && !Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from member_view where id = ? and union_id = ?)", Boolean.class, afterId,
                unionId))) {
            new Violations().error("after", "after.unknown", "after 不是本列表的翻页位置，请从第一页重新开始",
                    "after is not a cursor of this list; start again from the first page").throwIfAny();
        }
        boolean more = rows.size() > size;
        if (more) {
            rows.remove(rows.size() - 1);
        }
        return found(rows, more, total(f, unionId, status));
    }

    private static Found found(List<Row> rows, boolean more, long total) {
        return new Found(List.copyOf(rows), total, more ? rows.get(rows.size() - 1).id() : null);
    }

    private long total(Filter f, String unionId, MemberStatus status) {
        return f.counted() ? jdbc.queryForObject("select count(*) from member_view " + f.where(), Long.class,
                f.args().toArray()) : counts.of(unionId, status);
    }

    /**
     * Spring Data's rule for a page's total, kept as it was: a first page that is not full, or a
     * later page that is not full and not empty, tells the total by itself; otherwise it is asked, and
     * a non-empty page's total is never below what the page shows (the count may see a later snapshot).
     */
    private static long pageTotal(int shown, long offset, int size, LongSupplier count) {
        if (offset == 0 && shown < size) {
            return shown;
        }
        if (shown > 0 && shown < size) {
            return offset + shown;
        }
        long total = count.getAsLong();
        return shown > 0 && offset + size > total ? offset + shown : total;
    }
}
