package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The processors Axon actually runs, read back from its configuration: each projection's declared
 * mode, error handling, threads, segments and batch size.
 */
class ProcessorSettingsTest {

    static RunningRegistry registry;
    static EventProcessingConfiguration processing;

    @BeforeAll
    static void start() {
        registry = RunningRegistry.startFresh();
        processing = registry.context().getBean(EventProcessingConfiguration.class);
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void eachProjectionRunsTheProcessorItDeclares() throws Exception {
        Map<String, String> processors = new TreeMap<>();
        for (EventProcessor p : processing.eventProcessors().values()) {
            processors.put(p.getName(), describe(p));
        }
        // As application.yml's processors section and AxonConfiguration's error handlers made them before.
        String subscribing = "subscribing, errors PropagatingErrorHandler/PropagatingErrorHandler, "
                + "sequencing SequentialPerAggregatePolicy, no dead letters";
        String pooled = "pooled, threads 2, segments 4, batch %d, claim interval 5000, "
                + "errors LoggingErrorHandler/PropagatingErrorHandler, sequencing SequentialPerAggregatePolicy, "
                + "dead letters";
        assertThat(processors).isEqualTo(Map.ofEntries(
                Map.entry("unions", subscribing),
                Map.entry("members", subscribing),
                Map.entry("data-keys", subscribing),
                Map.entry("imports", subscribing),
                Map.entry("batches", subscribing),
                Map.entry("cards", subscribing),
                Map.entry("statistics", subscribing),
                Map.entry("accounts", pooled.formatted(100)),
                Map.entry("access-log", pooled.formatted(200)),
                Map.entry("actor-activity", pooled.formatted(200)),
                Map.entry("member-concerns", pooled.formatted(200).replace("threads 2, segments 4", "threads 1, segments 2")),
                // The alert rules count across events in stored order: one thread over one segment.
                Map.entry("alerts", pooled.replace("threads 2, segments 4", "threads 1, segments 1").formatted(100))));
    }

    @Test
    void aGroupNobodyDeclaresStreamsAndOnlyDeclaredSubscribingGroupsDoNot() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of(
                "a", ProcessorSettings.subscribing("unions"), "b", ProcessorSettings.pooled("accounts", 2, 4, 100)));
        ProcessorModes modes = new ProcessorModes(beans.getBeanProvider(ProcessorSettings.class));
        assertThat(modes.streams("unions")).isFalse();
        assertThat(modes.streams("accounts")).isTrue();
        assertThat(modes.streams("added-later")).isTrue();
    }

    private static String describe(EventProcessor p) throws Exception {
        String name = p.getName();
        String common = "errors " + processing.listenerInvocationErrorHandler(name).getClass().getSimpleName()
                + "/" + processing.errorHandler(name).getClass().getSimpleName()
                + ", sequencing " + processing.sequencingPolicy(name).getClass().getSimpleName()
                + (processing.deadLetterQueue(name).isPresent() ? ", dead letters" : ", no dead letters");
        if (p instanceof SubscribingEventProcessor) {
            return "subscribing, " + common;
        }
        assertThat(p).isInstanceOf(PooledStreamingEventProcessor.class);
        int segments = 0;
        for (long deadline = System.currentTimeMillis() + 20_000; segments == 0
                && System.currentTimeMillis() < deadline; Thread.sleep(100)) {
            segments = processing.tokenStore(name).fetchSegments(name).length;
        }
        return "pooled, threads " + ((ScheduledThreadPoolExecutor) field(p, "workerExecutor")).getCorePoolSize()
                + ", segments " + segments + ", batch " + field(p, "batchSize")
                + ", claim interval " + field(p, "tokenClaimInterval") + ", " + common;
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        Field f = PooledStreamingEventProcessor.class.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
