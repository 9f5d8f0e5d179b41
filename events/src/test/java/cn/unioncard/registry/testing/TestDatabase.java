package cn.unioncard.registry.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One real PostgreSQL per test JVM, migrated with the application's own SQL migrations, so the
 * lookups and projections under test run on the schema production uses. The migrations live in
 * ops; a module using this puts {@code db/migration} on its test classpath (see its pom). Only the
 * SQL migrations run: V9 is a Java migration of ops that re-encrypts old events, irrelevant here.
 */
public final class TestDatabase {

    private static DataSource dataSource;

    private TestDatabase() {
    }

    public static synchronized DataSource dataSource() {
        if (dataSource == null) {
            try {
                EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
                dataSource = pg.getPostgresDatabase();
                Flyway.configure().dataSource(dataSource)
                        .locations("classpath:db/migration")
                        .placeholders(Map.of("appRole", "postgres"))
                        .failOnMissingLocations(true)
                        .load().migrate();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dataSource;
    }

    /** The database with {@code tables} emptied (cascading), for a test that starts from nothing. */
    public static JdbcTemplate emptied(String... tables) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource());
        if (tables.length > 0) {
            jdbc.execute("truncate " + String.join(", ", tables) + " cascade");
        }
        return jdbc;
    }
}
