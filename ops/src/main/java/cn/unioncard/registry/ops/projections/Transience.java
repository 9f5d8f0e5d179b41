package cn.unioncard.registry.ops.projections;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells a failure of the database itself (connection lost, server shutting down, deadlock) from a
 * failure of the event at hand: the first is retried as a batch and parks nothing, the second is
 * parked. SQLState classes from the PostgreSQL manual, appendix A.
 */
final class Transience {

    /** 08 connection, 40 rollback (serialization, deadlock), 53 resources, 57 operator, 58 system. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

    private Transience() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof DataAccessResourceFailureException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            String state = t instanceof SQLException s ? s.getSQLState() : null;
            if (state != null && state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2))) {
                return true;
            }
        }
        return false;
    }

    /** The SQLState of the first SQL exception in the chain: a code, never a quoted value. */
    static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
    }
}
