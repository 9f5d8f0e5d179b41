package cn.unioncard.registry.ops.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * Tells Axon's event store that an append failed on PostgreSQL's unique key (SQLSTATE 23505): another
 * process appended to the same aggregate at the same sequence first. Axon then raises its
 * ConcurrencyException (answered 409) instead of a bare EventStoreException (a 500). Within one
 * process Axon's aggregate lock makes this rare; across processes it is the normal race. The
 * PostgreSQL driver reports it inside a batch's next exception, which Axon's own resolver misses.
 */
final class DuplicateAppends implements PersistenceExceptionResolver {

    static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && isUniqueViolation(sql)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isUniqueViolation(SQLException sql) {
        for (SQLException e = sql; e != null; e = e.getNextException()) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return true;
            }
            if (!(e instanceof BatchUpdateException) && e.getNextException() == e) {
                break;
            }
        }
        return false;
    }
}
