package cn.unioncard.registry.ops.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL the registry starts for itself when no database is configured. Its data stays
 * in {@code <data-dir>/postgres}, so stopping and starting keeps everything. A postmaster left
 * running by a crashed registry (its JVM killed, the server orphaned) is stopped first, and a
 * stale {@code postmaster.pid} is removed, so a start after a crash needs no hand work.
 */
public final class EmbeddedPostgresServer implements DatabaseEndpoint {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String DATABASE = "registry";
    /** The application's role: not a superuser, not the owner, so the event store is append-only for it. */
    static final String APP_ROLE = "registry_app";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir, boolean fsync) {
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(pgData);
            recoverFromCrash(pgData);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    // zonky passes -F (fsync off) for test speed; a registry keeps its data safe.
                    .setServerConfig("fsync", fsync ? "on" : "off")
                    .setServerConfig("synchronous_commit", fsync ? "on" : "off")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Spring stops it, after the pool and the processors are done with it.
                    .setRegisterShutdownHook(false)
                    .start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(pg);
            server.ensureDatabaseAndRole();
            log.info("Embedded PostgreSQL is running on port {} with its data in {}", pg.getPort(), pgData);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgData, e);
        }
    }

    /**
     * After a crash the old postmaster may still run (pg_ctl daemonises it, so it outlives the
     * JVM), or its pid file may name a process that is gone. Stop the first, remove the second.
     */
    static void recoverFromCrash(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        Optional<ProcessHandle> running = lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false));
        if (running.isPresent()) {
            log.warn("A PostgreSQL server left over from an earlier run is still using {}; stopping it", pgData);
            ProcessHandle p = running.get();
            p.destroy(); // SIGTERM: smart shutdown, which its dead clients no longer hold up
            try {
                p.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("It did not stop within 30 s; killing it (PostgreSQL recovers from its WAL)");
                p.destroyForcibly();
            }
        }
        if (Files.deleteIfExists(pidFile)) {
            log.info("Removed a stale postmaster.pid from an earlier run");
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void ensureDatabaseAndRole() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                s.execute("create database " + DATABASE + " encoding 'UTF8' template template0");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the registry database in the embedded PostgreSQL", e);
        }
        // The embedded server trusts local connections (initdb -A trust, listening on localhost
        // only), so the role needs no password; what it may do is set by the migrations' grants.
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select 1 from pg_roles where rolname = '" + APP_ROLE + "'")) {
                if (!rs.next()) {
                    s.execute("create role " + APP_ROLE + " login nosuperuser nocreatedb nocreaterole");
                }
            }
            s.execute("grant connect on database " + DATABASE + " to " + APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the application's role in the embedded PostgreSQL", e);
        }
    }

    @Override
    public String url() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    @Override
    public String user() {
        return APP_ROLE;
    }

    @Override
    public String ownerUser() {
        return "postgres";
    }

    @Override
    public String ownerPassword() {
        return "";
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        }
    }
}
