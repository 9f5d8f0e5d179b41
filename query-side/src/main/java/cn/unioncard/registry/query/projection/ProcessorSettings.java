package cn.unioncard.registry.query.projection;

import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How one processing group is processed, declared once beside its projection as a static
 * {@code @Bean} (Axon applies it as a {@link ConfigurerModule}). A group nobody declares streams
 * with Axon's defaults; ops parks the events a streaming group's handlers fail on.
 *
 * @param threads    worker threads of a pooled processor (0 when subscribing)
 * @param segments   segments its tokens are split into at its first start
 * @param batchSize  events handled per transaction
 * @param tables     the tables the group's handlers write, parents before children (a table referenced by a
 *                   foreign key first): what a replay rebuilds; none for a group that is no projection
 */
public record ProcessorSettings(String group, Mode mode, int threads, int segments, int batchSize,
                                List<String> tables) implements ConfigurerModule {

    public ProcessorSettings {
        tables = List.copyOf(tables);
    }

    public enum Mode {
        /** In the command's own transaction: a failing handler fails the command. */
        SUBSCRIBING,
        /** Pooled streaming: own threads and transactions, tokens in PostgreSQL, failures parked. */
        POOLED
    }

    public static ProcessorSettings subscribing(String group) {
        return new ProcessorSettings(group, Mode.SUBSCRIBING, 0, 0, 0, List.of());
    }

    public static ProcessorSettings pooled(String group, int threads, int segments, int batchSize) {
        return new ProcessorSettings(group, Mode.POOLED, threads, segments, batchSize, List.of());
    }

    /** The same processor, a projection writing these tables: a replay rebuilds them from the event store. */
    public ProcessorSettings projecting(String... tables) {
        return new ProcessorSettings(group, mode, threads, segments, batchSize, List.of(tables));
    }

    public boolean streams() {
        return mode == Mode.POOLED;
    }

    @Override
    public void configureModule(Configurer configurer) {
        EventProcessingConfigurer processing = configurer.eventProcessing();
        if (mode == Mode.SUBSCRIBING) {
            processing.registerSubscribingEventProcessor(group)
                    .registerListenerInvocationErrorHandler(group, c -> PropagatingErrorHandler.instance());
            return;
        }
        processing.registerPooledStreamingEventProcessor(group, Configuration::eventStore, (config, builder) -> {
            // As Axon's Spring Boot properties would build it: the worker pool is the thread count.
            ScheduledExecutorService workers = Executors.newScheduledThreadPool(threads,
                    new AxonThreadFactory("WorkPackage[" + group + "]"));
            config.onShutdown(workers::shutdown);
            return builder.workerExecutor(workers).initialSegmentCount(segments).batchSize(batchSize);
        });
    }
}
