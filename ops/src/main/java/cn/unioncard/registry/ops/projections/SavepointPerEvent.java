package cn.unioncard.registry.ops.projections;

import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Savepoint;

/**
 * Runs each event handler of a streaming projection in a savepoint of the batch's transaction: a
 * failing statement leaves the transaction usable (PostgreSQL aborts a transaction on any error),
 * so the dead-letter queue can park that event and commit the rest of the batch with it. Streaming
 * projections write with JDBC: a failed JPA flush marks the whole transaction rollback-only, which
 * no savepoint undoes. (Spring's nested transactions would do this, but its Hibernate dialect
 * offers no savepoints.)
 */
final class SavepointPerEvent implements HandlerEnhancerDefinition {

    private final ProcessorModes modes;
    private final ObjectProvider<DataSource> dataSources;

    SavepointPerEvent(ProcessorModes modes, ObjectProvider<DataSource> dataSources) {
        this.modes = modes;
        this.dataSources = dataSources;
    }

    @Override
    public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
        boolean projection = original.annotationAttributes(EventHandler.class).isPresent()
                && original.annotationAttributes(EventSourcingHandler.class).isEmpty();
        if (!projection || !modes.streams(ProcessorModes.groupOf(original.declaringClass()))) {
            return original;
        }
        return new WrappedMessageHandlingMember<>(original) {
            @Override
            public Object handle(Message<?> message, T target) throws Exception {
                // A replay's batch fails as a whole: no event of it is parked, so it needs no savepoints.
                if (!TransactionSynchronizationManager.isActualTransactionActive() || Replaying.now()) {
                    return original.handle(message, target);
                }
                DataSource dataSource = dataSources.getObject();
                Connection connection = DataSourceUtils.getConnection(dataSource);
                try {
                    Savepoint savepoint = connection.setSavepoint();
                    try {
                        Object result = original.handle(message, target);
                        connection.releaseSavepoint(savepoint);
                        return result;
                    } catch (Exception e) {
                        connection.rollback(savepoint);
                        throw e;
                    }
                } finally {
                    DataSourceUtils.releaseConnection(connection, dataSource);
                }
            }
        };
    }
}
