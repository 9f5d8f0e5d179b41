package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.command.imports.JobLeases;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import cn.unioncard.registry.query.projection.ProjectionProgress;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.AxonThreadFactory;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Every projection (a processing group whose {@link ProcessorSettings} name the tables it writes; the
 * key shredder names none and is never replayed), its progress, and its replays, one at a time on a
 * thread of their own: the copies share one schema, and a group's rebuild must not read another's
 * half-built copy of a table it reads.
 */
@Component
class Replays {

    /** A projection as GET /api/admin/projections shows it. */
    record Item(String name, String mode, long position, long head, long lag, String state, Replay.Figures replay) {
    }

    private final Map<String, ProcessorSettings> projections = new TreeMap<>();
    private final Map<String, Replay> latest = new ConcurrentHashMap<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor(new AxonThreadFactory("projection-replay"));
    private final EventProcessingConfiguration processing;
    private final Replay.Tools tools;
    private final boolean storeInPostgres;
    private final JobLeases leases;

    Replays(ObjectProvider<ProcessorSettings> declared, EventProcessingConfiguration processing,
            ObjectProvider<EventStorageEngine> store, TokenStore tokens, TransactionTemplate tx, JdbcTemplate jdbc,
            ProjectionProgress progress, EventBus events, JobLeases leases) {
        this.leases = leases;
        declared.stream().filter(s -> !s.tables().isEmpty()).forEach(s -> projections.put(s.group(), s));
        this.processing = processing;
        // None with the Spring profile axonserver: the events are in Axon Server, which these rebuilds do not read.
        EventStorageEngine engine = store.getIfAvailable();
        this.storeInPostgres = engine != null;
        this.tools = new Replay.Tools(engine, tokens, tx, jdbc, progress);
        // A replay handles old events again: whatever it would publish (a read record, an alert) was published then.
        events.registerDispatchInterceptor(messages -> {
            if (Replaying.now()) {
                throw new IllegalStateException("a replay publishes nothing");
            }
            return (i, m) -> m;
        });
    }

    List<Item> list() {
        return projections.keySet().stream().map(this::item).toList();
    }

    Item item(String name) {
        ProcessorSettings settings = settings(name);
        long head = tools.progress().storeHead();
        Replay replay = latest.get(name);
        EventProcessor processor = processing.eventProcessor(name).orElse(null);
        // One reading of the replay for both its figures and the state: a replay ending in between is never
        // shown as still replaying with a finishing time.
        Replay.Figures figures = replay == null ? null : replay.figures();
        String state = figures != null && figures.finishedAt() == null ? "replaying"
                : processor == null || !processor.isRunning() ? "stopped"
                : processor.isError() || replay != null && replay.failed() ? "error" : "running";
        long lag = settings.streams() ? Math.min(head + 1, tools.progress().lag(name)) : 0;
        return new Item(name, settings.streams() ? "streaming" : "subscribing", head - lag, head, lag, state, figures);
    }

    /** Queues a replay of the projection; 409 while one of it is queued or running. */
    synchronized Item start(String name) {
        ProcessorSettings settings = settings(name);
        if (!storeInPostgres) {
            throw RegistryProblem.conflict("事件存储在 Axon Server 中，无法在此重建投影",
                    "the events are in Axon Server: replays read the event store in PostgreSQL only");
        }
        Replay running = latest.get(name);
        if (running != null && !running.done()) {
            throw RegistryProblem.conflict("该投影正在重建，请等它完成", "a replay of this projection is running");
        }
        EventProcessor processor = processing.eventProcessor(name)
                .orElseThrow(() -> RegistryProblem.notFound("projection"));
        // Its copies have fixed names in one schema, so of several registry processes one replays a projection
        // at a time: a lease like an import job's, a session lock that dies with the process holding it.
        JobLeases.Lease lease = leases.tryTake("projection-replay:" + name).orElseThrow(() -> RegistryProblem.conflict(
                "另一个进程正在重建该投影，请等它完成", "another registry process is replaying this projection"));
        Replay replay = new Replay(name, settings.tables(), handlers(processor), processor,
                () -> processing.deadLetterQueue(name).ifPresent(SequencedDeadLetterQueue::clear), tools);
        latest.put(name, replay);
        runner.submit(() -> {
            try (lease) {
                Replaying.as(name, replay::run);
            }
        });
        return item(name);
    }

    private ProcessorSettings settings(String name) {
        ProcessorSettings s = projections.get(name);
        if (s == null) {
            throw new RegistryProblem(RegistryProblem.Kind.NOT_FOUND, "没有这个投影", "no such projection");
        }
        return s;
    }

    /** The group's handler beans as Axon wrapped them (parameters, enhancers), without its dead-letter queue. */
    private static List<EventMessageHandler> handlers(EventProcessor processor) {
        return handlers(((AbstractEventProcessor) processor).eventHandlerInvoker());
    }

    private static List<EventMessageHandler> handlers(EventHandlerInvoker invoker) {
        if (invoker instanceof MultiEventHandlerInvoker multi) {
            return multi.delegates().stream().flatMap(d -> handlers(d).stream()).toList();
        }
        if (invoker instanceof SimpleEventHandlerInvoker simple) {
            return simple.eventHandlers();
        }
        throw new IllegalStateException("unexpected handler invoker " + invoker.getClass().getName());
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
    }
}
