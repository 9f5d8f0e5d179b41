package cn.unioncard.registry.ops.projections;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * The database failed while a projection handled an event: the batch is retried and nothing is
 * parked. The message names only the exception type and the SQLState.
 */
class ProjectionInterrupted extends TransientDataAccessResourceException {

    ProjectionInterrupted(Throwable cause) {
        super("the database failed while projecting (" + cause.getClass().getName() + ", SQLState "
                + Transience.sqlState(cause) + ")", cause);
    }
}
