package cn.unioncard.registry.ops.projections;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health component {@code projections}: {@code DEGRADED} (answered with 200, so no probe
 * restarts the registry over it) while any streaming projection has parked events, with each
 * group's parked count and lag in its details; {@code DOWN} without details when they cannot be
 * counted (the database is gone); and the same two numbers as gauges per group. The counts are
 * taken every second in the background and health answers the latest at once: counted during a
 * request, they would wait a second time for a connection when the database is gone, and a probe
 * would time out.
 */
@Component("projectionsHealthIndicator")
class ProjectionHealth implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "events are parked as dead letters; see "
            + "GET /api/operations/dead-letters");

    private final DeadLetters deadLetters;
    private final MeterRegistry meters;

    ProjectionHealth(DeadLetters deadLetters, MeterRegistry meters) {
        this.deadLetters = deadLetters;
        this.meters = meters;
    }

    private volatile Health latest = Health.unknown().build();

    @Override
    public Health health() {
        return latest;
    }

    @Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
    void refresh() {
        latest = count();
    }

    Health count() {
        Map<String, Object> details = new LinkedHashMap<>();
        long parked = 0;
        try {
            for (String group : deadLetters.groups()) {
                long letters = deadLetters.parkedEvents(group);
                parked += letters;
                details.put(group, Map.of("parkedEvents", letters, "lag", deadLetters.lag(group)));
            }
        } catch (RuntimeException e) {
            // Unknown is not up: DOWN, without details (an exception here would turn the whole health answer into an error).
            return Health.down().build();
        }
        return Health.status(parked > 0 ? DEGRADED : Status.UP).withDetails(details).build();
    }

    /** Processors exist once Axon has started; the labels are the group names only. */
    @EventListener(ApplicationReadyEvent.class)
    void registerGauges() {
        refresh();
        for (String group : deadLetters.groups()) {
            Gauge.builder("registry.projection.dead.letters", deadLetters, d -> d.parkedEvents(group))
                    .tag("group", group).description("events parked by the projection").register(meters);
            Gauge.builder("registry.projection.lag", deadLetters, d -> d.lag(group))
                    .tag("group", group).description("store positions the slowest segment is behind").register(meters);
        }
    }
}
