package cn.unioncard.registry.ops.axon;

import cn.unioncard.registry.events.audit.AuditMetadata;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Axon wiring: the snake_case table names of our Flyway schema and the audit metadata every
 * event inherits from its command. The interceptors beside this class are beans, which Axon's
 * auto-configuration registers on the gateway, the command bus and every event processor.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfiguration {

    static {
        // An event's time in memory is the time the store keeps: Axon writes it to the millisecond,
        // truncated, where PostgreSQL would round a nanosecond time to the microsecond. So a row a
        // live handler writes and the row a replay rebuilds from the store hold the same instant.
        GenericEventMessage.clock = Clock.tickMillis(ZoneOffset.UTC);
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder()
                .setTokenTable("token_entry")
                .setProcessorNameColumn("processor_name")
                .setSegmentColumn("segment")
                .setTokenColumn("token")
                .setTokenTypeColumn("token_type")
                .setTimestampColumn("time_stamp")
                .setOwnerColumn("owner")
                .build();
    }

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
    }

    /** Spring's transactions for Axon, rolled back also when an Error interrupts a commit. */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new RollbackOnErrorTransactionManager(new SpringTransactionManager(transactionManager));
    }

    /** Events (and commands sent while handling a command) inherit the actor's metadata. */
    @Bean
    CorrelationDataProvider auditCorrelation() {
        return new SimpleCorrelationDataProvider(AuditMetadata.KEYS);
    }

    /**
     * Processors stream by default (pooled, tokens in PostgreSQL; an event a streaming handler fails
     * on is parked as a dead letter, see ops/projections). Each projection declares its own
     * processor beside it (query.projection.ProcessorSettings): subscribing ones fail the command.
     */
    @Bean
    ConfigurerModule groupsStreamByDefault() {
        return configurer -> configurer.eventProcessing().usingPooledStreamingEventProcessors();
    }
}
