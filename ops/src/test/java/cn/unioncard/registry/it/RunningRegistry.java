package cn.unioncard.registry.it;

import cn.unioncard.registry.RegistryApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real registry, started in this JVM on its own data directory (embedded PostgreSQL) and a
 * random port. Settings are passed as command-line arguments: they outrank application.yml, whose
 * own values (server.port 8080, an empty admin password) would win over default properties.
 */
public final class RunningRegistry implements AutoCloseable {

    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "AdminPass-12345";

    private final ConfigurableApplicationContext context;
    private final Path dataDir;
    private final boolean ownDataDir;
    private final Api api;

    private RunningRegistry(ConfigurableApplicationContext context, Path dataDir, boolean ownDataDir) {
        this.context = context;
        this.dataDir = dataDir;
        this.ownDataDir = ownDataDir;
        this.api = new Api(port());
    }

    /** A fresh registry on a new temporary data directory, deleted again by {@link #close()}. */
    public static RunningRegistry startFresh(String... extraArgs) {
        Path dir = newDataDir();
        try {
            return new RunningRegistry(run(dir, extraArgs), dir, true);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** A registry on the given data directory, which outlives it (for restarts). */
    public static RunningRegistry startOn(Path dataDir, String... extraArgs) {
        return new RunningRegistry(run(dataDir, extraArgs), dataDir, false);
    }

    /**
     * Starts the application and returns its context; throws what the start threw.
     * {@code extraArgs} are {@code key=value} settings that replace the test defaults.
     */
    public static ConfigurableApplicationContext run(Path dataDir, String... extraArgs) {
        return run(dataDir, List.of(), extraArgs);
    }

    /** A fresh registry with test-only configuration classes added to the application's. */
    public static RunningRegistry startFreshWith(List<Class<?>> sources, String... extraArgs) {
        Path dir = newDataDir();
        try {
            return new RunningRegistry(run(dir, sources, extraArgs), dir, true);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    /** A registry on the given data directory with test-only configuration classes added. */
    public static RunningRegistry startOnWith(Path dataDir, List<Class<?>> sources, String... extraArgs) {
        return new RunningRegistry(run(dataDir, sources, extraArgs), dataDir, false);
    }

    static ConfigurableApplicationContext run(Path dataDir, List<Class<?>> sources, String... extraArgs) {
        RegistryApplication.quietAxonUpdateChecker();
        // One value per key: a repeated command-line option would be joined with a comma.
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("registry.data-dir", dataDir.toAbsolutePath().toString());
        settings.put("server.port", "0");
        settings.put("registry.embedded.fsync", "false");
        settings.put("registry.admin-password", ADMIN_PASSWORD);
        // Whatever the environment says (REGISTRY_DB_URL, REGISTRY_JWT_SECRET): the embedded database.
        settings.put("registry.db.url", "");
        settings.put("registry.auth.jwt-secret", "");
        for (String extra : extraArgs) {
            int eq = extra.indexOf('=');
            settings.put(extra.substring(0, eq), extra.substring(eq + 1));
        }
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(RegistryApplication.class).sources(sources.toArray(Class<?>[]::new))
                .run(args);
    }

    public static Path newDataDir() {
        try {
            return Files.createTempDirectory("registry-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public Path dataDir() {
        return dataDir;
    }

    public Api api() {
        return api;
    }

    /**
     * The database as its superuser (the embedded server's owner role): for looking at every
     * table and for tampering on purpose. The application itself connects as {@link #appJdbc()}.
     */
    public JdbcTemplate jdbc() {
        DatabaseEndpoint db = context.getBean(DatabaseEndpoint.class);
        return new JdbcTemplate(new DriverManagerDataSource(db.url(), db.ownerUser(), db.ownerPassword()));
    }

    /**
     * The superuser with the append-only triggers switched off for its sessions: what an attacker
     * with full database power has, for tests that tamper with history on purpose.
     */
    public JdbcTemplate tamperingJdbc() {
        DatabaseEndpoint db = context.getBean(DatabaseEndpoint.class);
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "options=-c%20session_replication_role%3Dreplica";
        return new JdbcTemplate(new DriverManagerDataSource(url, db.ownerUser(), db.ownerPassword()));
    }

    /** The database as the application's own role sees it. */
    public JdbcTemplate appJdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    /** Runs statements as the superuser with triggers off, as an attacker with that power would. */
    public void tamper(String... statements) {
        JdbcTemplate su = jdbc();
        su.execute((java.sql.Connection c) -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("set session_replication_role = replica");
                for (String sql : statements) {
                    st.execute(sql);
                }
                st.execute("set session_replication_role = origin");
            }
            return null;
        });
    }

    /** Every stored event, refusals' records included: what a replay handles. */
    public long storedEvents() {
        return jdbc().queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    /**
     * The stored events, a refusal's own record aside: a denied attempt (a 404 of the scope check, a 403, a
     * missing purpose, a failed login) stores one AccessDenied and nothing else, which "nothing stored" allows.
     */
    public long eventCount() {
        return jdbc().queryForObject("""
                select count(*) from domain_event_entry
                where payload_type is null or payload_type not like '%.AccessDenied'""", Long.class);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            if (ownDataDir) {
                deleteQuietly(dataDir);
            }
        }
    }

    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            });
        } catch (IOException ignored) {
            // idem
        }
    }
}
