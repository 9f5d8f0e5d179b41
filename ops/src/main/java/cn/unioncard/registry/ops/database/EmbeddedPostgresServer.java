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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL the registry starts for itself when no database is configured. Its data stays
 * in {@code <data-dir>/postgres}, so stopping and starting keeps everything. The registry first
 * locks the data directory ({@link DataDirectoryLock}): a second start there refuses, and with the
 * lock held a postmaster found running can only be the orphan of a crashed owner, which is stopped.
 * While the registry runs a watchdog looks at the postmaster; if it stops or dies it is started
 * again on the same port, and the pool reconnects by itself. If that fails the registry exits with
 * a clear line, so that its supervisor starts it afresh.
 */
public final class EmbeddedPostgresServer implements DatabaseEndpoint {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    static final String DATABASE = "registry";
    /** The application's role: not a superuser, not the owner, so the event store is append-only for it. */
    static final String APP_ROLE = "registry_app";
    /** Attempts to start a dead server again before giving up; orphaned backends may need a moment to go. */
    private static final int RESTART_ATTEMPTS = 3;
    /** zonky's own lock file in the data directory; ours ({@link DataDirectoryLock}) is the one that decides. */
    private static final String ZONKY_LOCK = "epg-lock";

    private final Path pgData;
    private final boolean fsync;
    private final DataDirectoryLock lock;
    private final int port;
    private final Duration restartDelay;
    private final Runnable giveUp;
    private final ScheduledExecutorService watchdog;
    private final Object swap = new Object();
    private volatile EmbeddedPostgres postgres;
    private volatile ProcessHandle postmaster;
    private volatile boolean closing;

    private EmbeddedPostgresServer(Path pgData, boolean fsync, DataDirectoryLock lock, EmbeddedPostgres postgres,
                                   Duration restartDelay, Runnable giveUp) {
        this.pgData = pgData;
        this.fsync = fsync;
        this.lock = lock;
        this.postgres = postgres;
        this.port = postgres.getPort();
        this.restartDelay = restartDelay;
        this.giveUp = giveUp;
        this.postmaster = postmasterOf(pgData).orElse(null);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "embedded-postgres-watchdog");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Locks the data directory, starts the server and its watchdog. {@code restartDelay} is how long
     * a dead server stays down before it is started again; {@code giveUp} runs when it cannot be.
     */
    public static EmbeddedPostgresServer start(Path dataDir, boolean fsync, Duration restartDelay, Runnable giveUp) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
        Path pgData = dataDir.resolve("postgres").toAbsolutePath();
        try {
            Files.createDirectories(pgData);
            recoverFromCrash(pgData);
            EmbeddedPostgres pg = launch(pgData, fsync, 0, Duration.ofSeconds(60));
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(pgData, fsync, lock, pg, restartDelay, giveUp);
            try {
                server.ensureDatabaseAndRole();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            server.watchdog.scheduleWithFixedDelay(server::watch, 500, 500, TimeUnit.MILLISECONDS);
            log.info("Embedded PostgreSQL is running on port {} with its data in {}", pg.getPort(), pgData);
            return server;
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + pgData, e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static EmbeddedPostgres launch(Path pgData, boolean fsync, int port, Duration startupWait)
            throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                // zonky passes -F (fsync off) for test speed; a registry keeps its data safe.
                .setServerConfig("fsync", fsync ? "on" : "off")
                // Always on: an acknowledged commit must survive the server's death even where fsync is
                // off (tests), since the OS still holds what was written; only an OS crash could lose it.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(startupWait)
                // Spring stops it, after the pool and the processors are done with it.
                .setRegisterShutdownHook(false);
        if (port > 0) {
            builder.setPort(port);
        }
        return builder.start();
    }

    /**
     * From now on a dead server stays dead: the registry is shutting down, and starting a database
     * it is about to stop would only make the shutdown longer.
     */
    public void stopWatching() {
        closing = true;
        watchdog.shutdownNow();
    }

    /** The postmaster's process, for operators and tests. */
    public Optional<ProcessHandle> postmaster() {
        return Optional.ofNullable(postmaster);
    }

    private void watch() {
        ProcessHandle current = postmaster;
        if (current == null) {
            // Its pid file could not be read when it started: read it now, and never stop what we cannot see.
            current = postmasterOf(pgData).orElse(null);
            postmaster = current;
        }
        if (closing || current == null || current.isAlive()) {
            return;
        }
        log.warn("The embedded PostgreSQL (port {}) has stopped; starting it again", port);
        try {
            Thread.sleep(restartDelay.toMillis());
            restart();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restart() throws InterruptedException {
        closeQuietly(postgres); // releases its lock on the data directory; the server is gone already
        Exception last = null;
        for (int attempt = 1; attempt <= RESTART_ATTEMPTS && !closing; attempt++) {
            try {
                // A failed start keeps zonky's lock in an object we never get to close; we hold the
                // directory's real lock, so a fresh file (a new inode) is safe to lock again.
                Files.deleteIfExists(pgData.resolve(ZONKY_LOCK));
                EmbeddedPostgres next = launch(pgData, fsync, port, Duration.ofSeconds(10));
                synchronized (swap) {
                    if (closing) {
                        closeQuietly(next);
                        return;
                    }
                    postgres = next;
                    postmaster = postmasterOf(pgData).orElse(null);
                }
                log.info("The embedded PostgreSQL is running again on port {}", port);
                return;
            } catch (IOException | RuntimeException e) {
                last = e;
                log.warn("Starting the embedded PostgreSQL again failed (attempt {} of {}): {}", attempt,
                        RESTART_ATTEMPTS, e.toString());
                if (attempt < RESTART_ATTEMPTS) {
                    Thread.sleep(1000L * attempt);
                }
            }
        }
        if (!closing) {
            log.error("The embedded PostgreSQL stopped and could not be started again ({}); the registry exits so "
                    + "that its supervisor can start it afresh", String.valueOf(last));
            giveUp.run();
        }
    }

    /** From a thread of its own: the shutdown hooks this starts close the context, which stops this watchdog. */
    static void exitForSupervisor() {
        Thread exit = new Thread(() -> System.exit(70), "registry-exit");
        exit.start();
    }

    private static Optional<ProcessHandle> postmasterOf(Path pgData) {
        try {
            List<String> lines = Files.readAllLines(pgData.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException | RuntimeException e) {
            log.debug("Closing a stopped embedded PostgreSQL: {}", e.getMessage());
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
            log.warn("A PostgreSQL server left over from a registry that is no longer running is still using {}; "
                    + "stopping it", pgData);
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
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
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
        closing = true;
        watchdog.shutdownNow();
        try {
            synchronized (swap) {
                postgres.close();
            }
        } catch (IOException e) {
            log.warn("The embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            lock.close();
        }
    }
}
