package cn.unioncard.registry.integrity;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rows shaped like the registry's (a member registration's ~1.76 KB payload of base64 ciphertext,
 * ~200 B of JSON metadata), written in one statement: a large store in seconds, not hours of HTTP.
 */
final class SyntheticEvents {

    private SyntheticEvents() {
    }

    /** A database of the registry's schema in {@code dir} (kept if it exists), as its superuser. */
    static EmbeddedPostgres database(Path dir, boolean migrate) throws java.io.IOException {
        EmbeddedPostgres pg = dir == null ? EmbeddedPostgres.builder().start()
                : EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).start();
        if (migrate) {
            DataSource ds = pg.getPostgresDatabase();
            Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .placeholders(Map.of("appRole", "postgres")).load().migrate();
        }
        return pg;
    }

    /** Appends events at global indexes {@code first}..{@code last}; the payload bytes differ per row. */
    static void append(JdbcTemplate jdbc, long first, long last) {
        jdbc.update("""
                insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                    event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp)
                select g, md5(g::text)::uuid::text, 0, 'Member', md5('e' || g)::uuid::text,
                    convert_to('{"traceId":"' || md5('t' || g)::uuid || '","correlationId":"' || md5('c' || g)::uuid
                        || '","actor":"op-' || (g % 300) || '","role":"UNION_OPERATOR","union":"'
                        || md5('u' || (g % 300))::uuid || '"}', 'UTF8'),
                    convert_to('{"memberId":"' || md5(g::text)::uuid || '","fields":"' || translate(encode(
                        (select substring(string_agg(sha256((g * 100 + i)::text::bytea), ''::bytea) from 1 for 1260)
                         from generate_series(1, 40) i), 'base64'), E'\\n', '') || '"}', 'UTF8'),
                    case when g % 7 = 0 then '1.0' end, 'cn.unioncard.registry.events.member.MemberRegistered',
                    to_char(timestamp '2026-01-01' + g * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                from generate_series(?::bigint, ?::bigint) g
                """, first, last);
        jdbc.execute("select setval(pg_get_serial_sequence('domain_event_entry', 'global_index'), " + last + ")");
    }
}
