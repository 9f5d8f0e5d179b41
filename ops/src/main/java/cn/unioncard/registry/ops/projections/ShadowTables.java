package cn.unioncard.registry.ops.projections;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A projection's tables rebuilt beside the live ones (schema {@value #SCHEMA}, V28) and written into
 * them in the caller's transaction: only the rows that differ, so that readers (never blocked) see the
 * whole old table until the commit and the whole new one after, with the live tables' own indexes,
 * names, grants and keys untouched. The application's role may not drop or rename the migration
 * owner's tables, which rules out swapping whole tables.
 */
final class ShadowTables {

    static final String SCHEMA = "projection_replay";

    private final JdbcTemplate jdbc;
    private final List<String> tables;

    ShadowTables(JdbcTemplate jdbc, List<String> tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    /** Empty (unlogged) copies with the live tables' columns, defaults, checks and unique indexes (the upserts need them). */
    void create() {
        drop();
        for (String t : tables) {
            // Unlogged: no WAL for a rebuild that a crash would have to start again anyway; the live tables stay logged.
            jdbc.execute("create unlogged table " + shadow(t) + " (like " + live(t) + " including all)");
        }
    }

    void drop() {
        for (String t : reversed()) {
            jdbc.execute("drop table if exists " + shadow(t));
        }
    }

    /** The statement that keeps the rebuild's own statements in the copies, in the current transaction. */
    static String searchPath() {
        return "set local search_path to " + SCHEMA + ", public";
    }

    void lockLive() {
        jdbc.execute("lock table " + tables.stream().map(ShadowTables::live).collect(Collectors.joining(", "))
                + " in exclusive mode");
    }

    /**
     * Makes the live tables equal to the copies in the caller's transaction: rows gone deleted (children
     * first), rows new or changed upserted by primary key (parents first). Should that trip over a
     * constraint (a unique "current" row moving between keys), everything is replaced instead.
     */
    long writeIntoLive() {
        for (String t : tables) {
            jdbc.execute("analyze " + shadow(t));
        }
        jdbc.execute("savepoint replay_diff");
        try {
            long changed = 0;
            for (String t : reversed()) {
                changed += jdbc.update("delete from " + live(t) + " l where not exists (select 1 from " + shadow(t)
                        + " s where " + keys(t).stream().map(k -> "s." + k + " = l." + k)
                        .collect(Collectors.joining(" and ")) + ")");
            }
            for (String t : tables) {
                List<String> columns = columns(t);
                String cols = String.join(", ", columns);
                String key = String.join(", ", keys(t));
                String compared = compared(t);
                changed += jdbc.update("insert into " + live(t) + " (" + cols + ") select " + cols + " from " + shadow(t)
                        + " where (" + key + ") in (select " + key + " from (select " + compared + " from " + shadow(t)
                        + " except select " + compared + " from " + live(t) + ") d) on conflict (" + key
                        + ") do update set " + columns.stream().map(c -> c + " = excluded." + c)
                        .collect(Collectors.joining(", ")));
            }
            jdbc.execute("release savepoint replay_diff");
            return changed;
        } catch (RuntimeException conflict) {
            jdbc.execute("rollback to savepoint replay_diff");
            for (String t : reversed()) {
                jdbc.update("delete from " + live(t));
            }
            long written = 0;
            for (String t : tables) {
                String cols = String.join(", ", columns(t));
                written += jdbc.update("insert into " + live(t) + " (" + cols + ") select " + cols + " from " + shadow(t));
            }
            return written;
        }
    }

    private List<String> reversed() {
        List<String> r = new ArrayList<>(tables);
        Collections.reverse(r);
        return r;
    }

    private List<String> columns(String table) {
        return jdbc.queryForList("select quote_ident(attname) from pg_attribute where attrelid = ?::regclass"
                + " and attnum > 0 and not attisdropped and attgenerated = '' order by attnum", String.class, live(table));
    }

    /**
     * The columns as compared: times to the millisecond, as the event store keeps an event's time. Live rows
     * now take it to the millisecond too (AxonConfiguration), but rows written by a registry before that held
     * the microsecond, and a rebuilt row must differ only where it should.
     */
    private String compared(String table) {
        return String.join(", ", jdbc.queryForList("select case when format_type(atttypid, atttypmod) like 'timestamp%'"
                + " then format('date_trunc(''milliseconds'', %I) as %I', attname, attname) else quote_ident(attname) end"
                + " from pg_attribute where attrelid = ?::regclass and attnum > 0 and not attisdropped"
                + " and attgenerated = '' order by attnum", String.class, live(table)));
    }

    /** The primary key's columns; a table without one is replaced whole (the fallback above). */
    private List<String> keys(String table) {
        List<String> keys = jdbc.queryForList("select quote_ident(a.attname) from pg_index i join pg_attribute a"
                + " on a.attrelid = i.indrelid and a.attnum = any (i.indkey) where i.indrelid = ?::regclass"
                + " and i.indisprimary order by a.attnum", String.class, live(table));
        if (keys.isEmpty()) {
            throw new IllegalStateException("no primary key");
        }
        return keys;
    }

    private static String live(String table) {
        return "public." + table;
    }

    private static String shadow(String table) {
        return SCHEMA + "." + table;
    }
}
