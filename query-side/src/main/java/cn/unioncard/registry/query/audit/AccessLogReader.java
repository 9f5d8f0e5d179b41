package cn.unioncard.registry.query.audit;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/** Reads member_access for the access log: a page, the total, or every row in order (for the sheet). */
@Component
class AccessLogReader {

    /** One read of one member, as the access log lists it. */
    record Entry(String accessId, String memberId, java.time.Instant accessedAt, String actor, String role,
                 String organisation, List<String> fields, boolean revealed, String purpose, String endpoint,
                 String clientAddress, String requestId) {
    }

    private static final String HEAD = """
            select access_id, member_id, accessed_at, actor_user, actor_role, actor_organisation, fields, revealed,
                   purpose, endpoint, client_address, correlation_id
            from member_access""";
    private static final String ORDER = " order by accessed_at desc, access_id, member_id";
    private static final RowMapper<Entry> ENTRY = (rs, i) -> new Entry(rs.getString(1), rs.getString(2),
            rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6),
            rs.getString(7).isEmpty() ? List.of() : Arrays.asList(rs.getString(7).split(",")), rs.getBoolean(8),
            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12));

    private final JdbcTemplate jdbc;
    private final MembersUnder membersUnder;

    AccessLogReader(JdbcTemplate jdbc, MembersUnder membersUnder) {
        this.jdbc = jdbc;
        this.membersUnder = membersUnder;
    }

    List<Entry> page(AccessLogFilter filter, int page, int size) {
        AccessLogFilter.Condition c = condition(filter);
        return jdbc.query(pageSql(c.where()), ENTRY, c.with((long) page * size, size));
    }

    long total(AccessLogFilter filter) {
        AccessLogFilter.Condition c = condition(filter);
        return jdbc.queryForObject("select count(*) from member_access" + c.where(), Long.class, c.args().toArray());
    }

    /** The distinct members the filter's rows name (the sheet's own read records them). */
    List<String> members(AccessLogFilter filter) {
        AccessLogFilter.Condition c = condition(filter);
        return jdbc.queryForList("select distinct member_id from member_access" + c.where(), String.class,
                c.args().toArray());
    }

    /** Every row in the list's order, one at a time (the driver fetches them in chunks). */
    void each(AccessLogFilter filter, Consumer<Entry> sink) {
        AccessLogFilter.Condition c = condition(filter);
        jdbc.query(con -> {
            var statement = con.prepareStatement(HEAD + c.where() + ORDER);
            statement.setFetchSize(1_000);
            Object[] args = c.args().toArray();
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement;
        }, rs -> {
            sink.accept(ENTRY.mapRow(rs, 0));
        });
    }

    /** A page's query: the filter's rows in the list's order, then offset and size as the last two parameters. */
    static String pageSql(String where) {
        return HEAD + where + ORDER + " offset ? rows fetch first ? rows only";
    }

    private AccessLogFilter.Condition condition(AccessLogFilter filter) {
        return filter.condition(membersUnder.condition("member_id"));
    }
}
