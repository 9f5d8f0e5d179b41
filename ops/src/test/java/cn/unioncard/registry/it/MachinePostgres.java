package cn.unioncard.registry.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server started from this machine's own binaries ({@code initdb}, {@code pg_ctl} on
 * the PATH), not the embedded library's: the "existing database" a deployment points the registry
 * at. PostgreSQL refuses to run as root, so as root its commands run as {@code nobody}. Local
 * connections are trusted (until {@link #requirePasswords()}); it listens on localhost only.
 */
public final class MachinePostgres implements AutoCloseable {

    public static final String SUPERUSER = "postgres";

    private final Path dir;
    private final Path pgData;
    private final int port;

    private MachinePostgres(Path dir, int port) {
        this.dir = dir;
        this.pgData = dir.resolve("pgdata");
        this.port = port;
    }

    /** initdb into a new temporary directory, then start the server on a free port. */
    public static MachinePostgres start() {
        try {
            Path dir = Files.createTempDirectory("machine-pg-");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            if (asRoot()) {
                UserPrincipal nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
                Files.setOwner(dir, nobody);
            }
            MachinePostgres pg = new MachinePostgres(dir, freePort());
            pg.run("initdb", "-D", pg.pgData.toString(), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                    "--locale=C.UTF-8", "--no-sync");
            pg.startServer();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the (stopped) server again on the same port and data. */
    public void startServer() {
        run("pg_ctl", "-D", pgData.toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=localhost -c max_connections=200 -c fsync="
                        + (Boolean.getBoolean("machine-pg.fsync") ? "on" : "off"),
                "start");
    }

    /** A fast shutdown: open sessions are ended, as when a managed database fails over. */
    public void stopServer() {
        run("pg_ctl", "-D", pgData.toString(), "-m", "fast", "-w", "-t", "60", "stop");
    }

    /**
     * From now on every role but the superuser must give its password (SCRAM), as on a real server:
     * a wrong password in the registry's settings then fails as it would in production.
     */
    public void requirePasswords() {
        try {
            Files.writeString(pgData.resolve("pg_hba.conf"), """
                    local all all trust
                    host all %1$s 127.0.0.1/32 trust
                    host all %1$s ::1/128 trust
                    host all all 127.0.0.1/32 scram-sha-256
                    host all all ::1/128 scram-sha-256
                    """.formatted(SUPERUSER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run("pg_ctl", "-D", pgData.toString(), "-w", "reload");
    }

    /**
     * Runs a script with the machine's own {@code psql} as the superuser, with {@code -v} variables and
     * ON_ERROR_STOP, as a DBA would run it; throws with psql's output if it fails.
     */
    public void psql(String database, Path script, Map<String, String> variables) {
        try {
            Path copy = dir.resolve(script.getFileName());
            Files.copy(script, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-h", "localhost", "-p",
                    String.valueOf(port), "-U", SUPERUSER, "-v", "ON_ERROR_STOP=1"));
            variables.forEach((name, value) -> command.addAll(List.of("-v", name + "=" + value)));
            command.addAll(List.of("-f", copy.toString(), database));
            run(command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** The server's version line, e.g. "PostgreSQL 15.18 …". */
    public String version() {
        try (Connection c = superuser("postgres"); var rs = c.createStatement().executeQuery("select version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs each statement as the superuser on {@code database}, as a DBA would with psql. */
    public void sql(String database, String... statements) {
        try (Connection c = superuser(database); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("as the DBA on " + database + ": " + e.getMessage(), e);
        }
    }

    public Connection superuser(String database) throws SQLException {
        return DriverManager.getConnection(url(database), SUPERUSER, "");
    }

    public Connection as(String database, String user, String password) throws SQLException {
        return DriverManager.getConnection(url(database), user, password);
    }

    @Override
    public void close() {
        try {
            if (Files.exists(pgData.resolve("postmaster.pid"))) {
                run("pg_ctl", "-D", pgData.toString(), "-m", "immediate", "-w", "-t", "30", "stop");
            }
        } catch (RuntimeException e) {
            System.err.println("[machine-pg] could not stop the server in " + dir + ": " + e.getMessage());
        }
        RunningRegistry.deleteQuietly(dir);
    }

    /** A file of this repository (the DBA script), found from wherever the build runs. */
    public static Path repoFile(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(relative))) {
                return dir.resolve(relative);
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    private void run(String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot()) {
            full.addAll(List.of("runuser", "-u", "nobody", "--"));
        }
        full.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("commands.log").toFile())).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish within 120 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command[0] + " failed (" + p.exitValue() + "): "
                        + Files.readString(dir.resolve("commands.log")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
