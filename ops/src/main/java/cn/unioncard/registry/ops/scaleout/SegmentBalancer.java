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

    SegmentBalancer(JdbcTemplate jdbc, EventProcessingConfiguration processing, RegistryNode node) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.node = node;
    }

    @Scheduled(fixedDelayString = "PT2S", initialDelayString = "PT2S")
    void beat() {
        try {
            jdbc.update("""
                    insert into registry_process (node_id, started_at, seen_at) values (?, now(), now())
                    on conflict (node_id) do update set seen_at = now()""", node.id());
            jdbc.update("delete from registry_process where seen_at < now() - interval '1 day'");
            balance();
        } catch (RuntimeException e) {
            // The database may be away: the next beat tries again.
            log.debug("Heartbeat failed: {}", e.getClass().getSimpleName());
        }
    }

    int processesAlive() {
        Integer alive = jdbc.queryForObject("select count(*) from registry_process where seen_at > now() - "
                + "make_interval(secs => ?)", Integer.class, ALIVE_SECONDS);
        return alive == null || alive < 1 ? 1 : alive;
    }

    private void balance() {
        int alive = processesAlive();
        for (var entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor streaming) || !streaming.isRunning()) {
                continue;
            }
            Integer segments = jdbc.queryForObject("select count(*) from token_entry where processor_name = ?",
                    Integer.class, entry.getKey());
            var mine = streaming.processingStatus().keySet();
            int fair = segments == null ? Integer.MAX_VALUE : (segments + alive - 1) / alive;
            if (mine.size() > fair) {
                int released = Collections.max(mine);
                log.info("Releasing segment {} of {} to the other processes ({} of {} held, {} processes alive)",
                        released, entry.getKey(), mine.size(), segments, alive);
                streaming.releaseSegment(released, RELEASE_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** A clean stop leaves at once, so the others count without it from their next beat. */
    @EventListener(ContextClosedEvent.class)
    void leave() {
        try {
            jdbc.update("delete from registry_process where node_id = ?", node.id());
        } catch (RuntimeException e) {
            log.debug("Could not leave the process list: {}", e.getClass().getSimpleName());
        }
    }
}
