package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.union.ViewerScope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The full event trail of one aggregate (a union, an account), read from sequence 0 and never
 * from a snapshot, with the actor metadata each event inherited from its command.
 */
@RestController
class EventTrailController {

    record TrailEvent(long sequence, String type, Instant timestamp, Map<String, ?> metadata, Object payload) {
    }

    private final EventStore events;
    private final AccessLog accessLog;
    private final ViewerScope scopes;

    EventTrailController(EventStore events, AccessLog accessLog, ViewerScope scopes) {
        this.events = events;
        this.accessLog = accessLog;
        this.scopes = scopes;
    }

    @GetMapping("/api/audit/aggregates/{aggregateId}/events")
    List<TrailEvent> trail(@PathVariable String aggregateId, Actor actor) {
        if (!Permission.READ_EVENT_TRAIL.allows(actor)) {
            // Scope first: a union or member outside the caller's subtree (or none at all) is not found.
            if (!scopes.seesAggregate(actor, aggregateId)) {
                throw RegistryProblem.notFound("aggregate");
            }
            throw Permission.READ_EVENT_TRAIL.refusal();
        }
        List<? extends DomainEventMessage<?>> stream = events.readEvents(aggregateId, 0L).asStream().toList();
        if (stream.isEmpty()) {
            throw RegistryProblem.notFound("aggregate");
        }
        // A member's trail is that member's personal data: its read is recorded like any other.
        if (StoredEvents.MEMBER.equals(stream.get(0).getType())) {
            accessLog.record(actor, List.of(aggregateId), List.of("history"), true,
                    "GET /api/audit/aggregates/{id}/events");
        }
        return stream.stream().map(EventTrailController::toTrail).toList();
    }

    private static TrailEvent toTrail(DomainEventMessage<?> m) {
        return new TrailEvent(m.getSequenceNumber(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                m.getMetaData(), m.getPayload());
    }
}
