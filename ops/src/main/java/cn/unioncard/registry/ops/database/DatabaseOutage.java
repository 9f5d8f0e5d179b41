package cn.unioncard.registry.ops.database;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Tells "the database is unreachable" from every other failure, by what caused it rather than by
 * message texts, so that a request during an outage answers 503 and a real bug still answers 500.
 * Spring, Hibernate and Axon wrap the driver's exception in their own (a transaction that cannot
 * begin or roll back, an event store that cannot append): the cause chain decides.
 */
public final class DatabaseOutage {

    /**
     * Server states that mean "not serving now": 57P01 admin shutdown, 57P02 crash shutdown,
     * 57P03 cannot connect now (starting up, shutting down, in recovery).
     */
    private static final Set<String> SERVER_GOING_OR_COMING = Set.of("57P01", "57P02", "57P03");

    private DatabaseOutage() {
    }

    public static boolean causedBy(Throwable thrown) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = thrown; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (isConnectionFailure(t) || isTransactionEndOnALostConnection(t)) {
                return true;
            }
            if (t instanceof SQLException sql) {
                for (SQLException next = sql.getNextException(); next != null && seen.put(next, true) == null;
                     next = next.getNextException()) {
                    if (isConnectionFailure(next)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * A commit or rollback that failed in the driver without a server state: the pool had already
     * closed the connection under the transaction, after an earlier statement lost it (the pool
     * evicts a connection on a class-08 error). The statement's own error is then hidden behind the
     * failed rollback; nothing was committed by a failed rollback, and a failed commit is worth a retry.
     */
    private static boolean isTransactionEndOnALostConnection(Throwable t) {
        if (!(t instanceof org.hibernate.TransactionException
                || t instanceof org.springframework.transaction.TransactionSystemException)) {
            return false;
        }
        for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            if (c instanceof SQLException sql) {
                return sql.getSQLState() == null || isConnectionFailure(sql);
            }
        }
        return false;
    }

    private static boolean isConnectionFailure(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
            // The pool gave up waiting for a connection; the driver could not open a socket.
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            String state = sql.getSQLState();
            // Class 08: connection exception (cannot connect, connection lost or closed).
            return state.startsWith("08") || SERVER_GOING_OR_COMING.contains(state);
        }
        return false;
    }
}
