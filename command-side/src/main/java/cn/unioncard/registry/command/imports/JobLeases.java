package cn.unioncard.registry.command.imports;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Leases on import jobs (and their offline reports' follow-ups) that die with the process holding them:
 * a PostgreSQL session advisory lock on a connection kept for the lease, so of several registries on one
 * database one only works on a job, and when its process dies the server ends the session and frees the job.
 */
@Component
public class JobLeases {

    /** The first half of the two-key lock ("UCRJ"); the other half is the job id's hash. */
    private static final int NAMESPACE = 0x5543_524A;
    private static final Logger log = LoggerFactory.getLogger(JobLeases.class);

    /** A held lease; closing it frees the job (and the connection, with no lock left on it, returns to the pool). */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    private final DataSource dataSource;

    JobLeases(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The job's lease, or empty if another process or thread holds it (a hash collision only makes a job wait). */
    public Optional<Lease> tryTake(String jobId) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?, hashtext(?))")) {
                s.setInt(1, NAMESPACE);
                s.setString(2, jobId);
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        Connection held = c;
                        c = null;
                        return Optional.of(() -> release(held));
                    }
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take an import job's lease: " + e.getSQLState(), e);
        } finally {
            if (c != null) {
                closeQuietly(c);
            }
        }
    }

    /**
     * The pool keeps a connection's session locks when it takes it back, so they are dropped first; a
     * connection that cannot drop them is aborted, since its session would otherwise hold the job for ever.
     */
    private static void release(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("select pg_advisory_unlock_all()");
        } catch (SQLException e) {
            log.warn("An import job's lease could not be released ({}); its connection is dropped", e.getSQLState());
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the connection is unusable either way; the pool finds it broken
            }
        } finally {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // returned or discarded: nothing more to do
        }
    }
}
