package cn.unioncard.registry.ops.axon;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;

/**
 * Tells Axon that an append refused by the event store's unique key is a concurrent append, so that it
 * becomes a ConcurrencyException (409) rather than an EventStoreException (500). Axon's own resolver only
 * knows SQLIntegrityConstraintViolationException, which the PostgreSQL driver never throws (it reports
 * SQLState 23505, inside a BatchUpdateException); in one process its per-aggregate lock hides that, but two
 * processes appending to one aggregate at once meet the key.
 */
@Component
class DuplicateAppends implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLIntegrityConstraintViolationException) {
                return true;
            }
            for (SQLException s = t instanceof SQLException e ? e : null; s != null; s = s.getNextException()) {
                if (UNIQUE_VIOLATION.equals(s.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }
}
