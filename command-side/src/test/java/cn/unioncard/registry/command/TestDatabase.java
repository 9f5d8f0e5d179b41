package cn.unioncard.registry.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One real PostgreSQL for the command side's tests, migrated with the application's own Flyway
 * scripts, so the lookups under test run on the schema production uses.
 */
public final class TestDatabase {

    private static DataSource dataSource;

    private TestDatabase() {
    }

    public static synchronized JdbcTemplate jdbc() {
        if (dataSource == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                dataSource = pg.getPostgresDatabase();
                Flyway.configure().dataSource(dataSource)
                        .locations("filesystem:../ops/src/main/resources/db/migration")
                        .placeholders(java.util.Map.of("appRole", "postgres"))
                        .load().migrate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("truncate union_lookup, union_code_sequence, account_credential, login_throttle, login_known_address cascade");
        return jdbc;
    }
}
