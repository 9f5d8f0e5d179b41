package cn.unioncard.registry.ops.scaleout;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the streaming projections' segments over the registry processes alive on the database.
 * A pooled processor claims every free segment and never gives one up, so the first process to
 * start would keep them all; here every process beats a heartbeat and, when it holds more of a
 * group's segments than its fair share (the segments over the processes alive, rounded up), releases
 * one per beat for a while, which another process then claims. A process that dies stops beating;
 * its claims run out after the claim timeout and the others take them, with nothing to do here.
 */
@Component
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    /**
     * A process not seen for this long is taken for gone: shorter than the claim timeout (10 s), so that
     * when one dies the survivors count without it before its claims run out, and keep what they take over.
     */
    static final int ALIVE_SECONDS = 6;
    /** A released segment is left to the others this long; they claim within their claim interval (5 s). */
    static final int RELEASE_SECONDS = 15;

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final RegistryNode node;
    /** Set at a stop: a beat still to come would otherwise put the row back. */
    private volatile boolean leaving;
    private boolean tidied;

    SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, RegistryNode node) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.node = node;
    }

    @Scheduled(fixedDelayString = "PT2S", initialDelayString = "PT2S")
    void beat() {
        if (leaving) {
            return;
        }
        try {
            String running = streaming().filter(e -> e.getValue().isRunning()).map(Map.Entry::getKey).sorted()
                    .collect(Collectors.joining(","));
            jdbc.update("""
                    insert into registry_process (node_id, started_at, seen_at, groups) values (?, now(), now(), ?)
                    on conflict (node_id) do update set seen_at = now(), groups = excluded.groups""", node.id(), running);
            if (!tidied) {
                // Rows of processes long gone: nothing reads them; once per start keeps the table small.
                jdbc.update("delete from registry_process where seen_at < now() - interval '1 day'");
                tidied = true;
            }
            balance();
        } catch (RuntimeException e) {
            // The database may be away: the next beat tries again.
            log.debug("Heartbeat failed: {}", e.getClass().getSimpleName());
        }
    }

    /**
     * Releases one of a group's segments when this process holds more than its share and another process
     * alive, running the group, holds fewer: a peer whose processor is stopped or paused takes nothing, so
     * nothing is released towards it.
     */
    private void balance() {
        streaming().filter(e -> e.getValue().isRunning()).forEach(e -> {
            String group = e.getKey();
            StreamingEventProcessor processor = e.getValue();
            int[] counts = jdbc.queryForObject("select (select count(*) from token_entry where processor_name = ?), "
                            + "(select count(*) from registry_process where " + RUNS_GROUP + ")",
                    (rs, i) -> new int[]{rs.getInt(1), rs.getInt(2)}, group, ALIVE_SECONDS, group);
            int segments = counts[0];
            int alive = counts[1];
            if (alive < 2) {
                return;
            }
            int fair = (segments + alive - 1) / alive;
            Set<Integer> mine = processor.processingStatus().keySet();
            if (mine.size() <= fair) {
                return;
            }
            Integer short_ = jdbc.queryForObject("select count(*) from registry_process p where node_id <> ? and "
                    + RUNS_GROUP + " and (select count(*) from token_entry t where t.processor_name = ? "
                    + "and t.owner = p.node_id) < ?", Integer.class, node.id(), ALIVE_SECONDS, group, group, fair);
            if (short_ != null && short_ > 0) {
                int released = Collections.max(mine);
                log.info("Releasing segment {} of {} to another process ({} of {} held, {} processes run it)",
                        released, group, mine.size(), segments, alive);
                processor.releaseSegment(released, RELEASE_SECONDS, TimeUnit.SECONDS);
            }
        });
    }

    private static final String RUNS_GROUP = "seen_at > now() - make_interval(secs => ?) "
            + "and (',' || groups || ',') like '%,' || ? || ',%'";

    private Stream<Map.Entry<String, StreamingEventProcessor>> streaming() {
        return processing.eventProcessors().entrySet().stream()
                .filter(e -> e.getValue() instanceof StreamingEventProcessor)
                .map(e -> Map.entry(e.getKey(), (StreamingEventProcessor) e.getValue()));
    }

    /** A clean stop leaves at once, so the others count without it from their next beat. */
    @EventListener(ContextClosedEvent.class)
    void leave() {
        leaving = true;
        try {
            jdbc.update("delete from registry_process where node_id = ?", node.id());
        } catch (RuntimeException e) {
            log.debug("Could not leave the process list: {}", e.getClass().getSimpleName());
        }
    }
}
