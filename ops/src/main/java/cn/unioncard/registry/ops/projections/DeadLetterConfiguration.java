package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;

/**
 * Every streaming processing group parks the events its handlers fail on in Axon's JDBC
 * dead-letter queue (table {@code dead_letter_entry}, the processor's own transaction), so one bad
 * sequence never stops the others. Subscribing groups keep propagating their failures.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfiguration {

    /** Replaces Axon's module of the same type, which enables queues only for listed processors. */
    @Bean
    DeadLetterQueueProviderConfigurerModule streamingGroupsPark(EventProcessorProperties properties,
                                                                ObjectProvider<ProcessorSettings> declared,
                                                                ConnectionProvider connections,
                                                                TransactionManager transactions,
                                                                DeadLetterSchema schema,
                                                                @Qualifier("eventSerializer") Serializer events,
                                                                Serializer general) {
        ProcessorModes modes = new ProcessorModes(declared);
        return new DeadLetterQueueProviderConfigurerModule(properties, group -> null) {
            @Override
            public void configureModule(Configurer configurer) {
                EventProcessingConfigurer processing = configurer.eventProcessing();
                processing.registerDeadLetterQueueProvider(group -> {
                    if (!modes.streams(group)) {
                        return null;
                    }
                    // Asked once per group while Axon assigns handlers, before it builds the invokers.
                    processing.registerDeadLetterPolicy(group, c -> new ParkingPolicy(group));
                    // A replay re-reads every event from the store, parked ones included: it starts with an empty queue.
                    processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                            (c, invoker) -> invoker.enableSequenceIdentifierCache().allowReset(true));
                    return c -> JdbcSequencedDeadLetterQueue.builder()
                            .processingGroup(group)
                            .connectionProvider(connections)
                            .transactionManager(transactions)
                            .schema(schema)
                            .genericSerializer(general)
                            .eventSerializer(events)
                            .build();
                });
            }
        };
    }

    @Bean
    static HandlerEnhancerDefinition savepointPerEvent(ObjectProvider<ProcessorSettings> declared,
                                                       ObjectProvider<DataSource> dataSources) {
        return new SavepointPerEvent(new ProcessorModes(declared), dataSources);
    }
}
