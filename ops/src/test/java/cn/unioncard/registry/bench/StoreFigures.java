package cn.unioncard.registry.bench;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

/** The byte figures of docs/capacity.md, printed as lines starting {@code CAPACITY} for the test log. */
final class StoreFigures {

    /** A stored row's bytes: each column as stored (after TOAST compression, if any) plus tuple header and slot. */
    private static final String ROW_BYTES = "28 + pg_column_size(global_index) + pg_column_size(aggregate_identifier) "
            + "+ pg_column_size(sequence_number) + coalesce(pg_column_size(type), 0) + pg_column_size(event_identifier) "
            + "+ coalesce(pg_column_size(meta_data), 0) + pg_column_size(payload) "
            + "+ coalesce(pg_column_size(payload_revision), 0) + pg_column_size(payload_type) + pg_column_size(time_stamp)";

    private StoreFigures() {
    }

    /** Per payload type: how many per member, payload, metadata and whole-row bytes; then the access log's rows. */
    static void perEventType(JdbcTemplate jdbc, int members) {
        System.out.println("CAPACITY type | events | per member | payload B | meta_data B | row B (stored)");
        jdbc.query("select regexp_replace(payload_type, '.*\\.', '') t, count(*) n, avg(octet_length(payload)) p, "
                + "avg(octet_length(meta_data)) m, avg(" + ROW_BYTES + ") r from domain_event_entry group by 1 "
                + "order by 2 desc", rs -> {
                    System.out.printf("CAPACITY %s | %,d | %.2f | %.0f | %.0f | %.0f%n", rs.getString("t"),
                            rs.getLong("n"), rs.getLong("n") / (double) members, rs.getDouble("p"), rs.getDouble("m"),
                            rs.getDouble("r"));
                });
        Map<String, Object> access = jdbc.queryForMap("select count(*) n, count(distinct access_id) reads, "
                + "avg(pg_column_size(a.*) + 28) r from member_access a");
        System.out.println("CAPACITY member_access: " + access);
        System.out.println("CAPACITY event_seal: " + jdbc.queryForMap(
                "select count(*) n, avg(pg_column_size(s.*) + 28) r from event_seal s"));
        System.out.println("CAPACITY tables by size, bytes per member (heap + toast + indexes):");
        jdbc.query("select relname, pg_total_relation_size(c.oid) b, pg_indexes_size(c.oid) i, c.reltuples "
                + "from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public' "
                + "and c.relkind = 'r' order by 2 desc limit 25", rs -> {
                    System.out.printf("CAPACITY   %s: %,d B (%,d in indexes) = %,.0f B per member%n",
                            rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(2) / (double) members);
                });
    }

    /** Per table of the large store: rows, heap, TOAST, each index, total, and the bytes per row. */
    static void relations(JdbcTemplate jdbc) {
        jdbc.query("select c.relname, c.reltuples::bigint n, pg_relation_size(c.oid) heap, "
                + "coalesce(pg_total_relation_size(c.reltoastrelid), 0) toast, pg_indexes_size(c.oid) idx, "
                + "pg_total_relation_size(c.oid) total from pg_class c join pg_namespace s on s.oid = c.relnamespace "
                + "where s.nspname = 'public' and c.relkind = 'r' and pg_total_relation_size(c.oid) > 1000000 "
                + "order by total desc", rs -> {
                    long n = Math.max(1, rs.getLong("n"));
                    System.out.printf("CAPACITY %s: %,d rows; heap %,d, toast %,d, indexes %,d, total %,d B; per row "
                                    + "%.0f heap+toast + %.0f indexes = %.0f B%n", rs.getString(1), rs.getLong("n"),
                            rs.getLong("heap"), rs.getLong("toast"), rs.getLong("idx"), rs.getLong("total"),
                            (rs.getLong("heap") + rs.getLong("toast")) / (double) n, rs.getLong("idx") / (double) n,
                            rs.getLong("total") / (double) n);
                });
        jdbc.query("select i.relname, pg_relation_size(i.oid) from pg_index x join pg_class i on i.oid = x.indexrelid "
                + "join pg_class t on t.oid = x.indrelid where t.relname in ('domain_event_entry', 'event_seal', "
                + "'member_access') order by 2 desc", rs -> {
                    System.out.printf("CAPACITY   index %s: %,d B%n", rs.getString(1), rs.getLong(2));
                });
        System.out.println("CAPACITY database: " + jdbc.queryForObject(
                "select pg_database_size(current_database())", Long.class) + " B");
    }
}
