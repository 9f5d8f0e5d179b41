package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.Actor;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.scope.ViewerScope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The full event trail of one aggregate (a union, an account), read from sequence 0 and never
 * from a snapshot, with the actor metadata each event inherited from its command.
 */
@RestController
class EventTrailController {

    record TrailEvent(long sequence, String type, Instant timestamp, Map<String, ?> metadata, Object payload) {
    }

    private static final Set<Role> AUDIT_ROLES = Set.of(Role.AUDITOR, Role.DPO, Role.CITY_ADMIN);

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
        if (!AUDIT_ROLES.contains(actor.role())) {
            // Scope first: a union or member outside the caller's subtree (or none at all) is not found.
            if (!scopes.seesAggregate(actor, aggregateId)) {
                throw RegistryProblem.notFound("aggregate");
            }
            throw RegistryProblem.forbidden("只有审计、数据保护和市总管理员可以查看事件记录",
                    "only auditors, data-protection officers and the city admin can read event trails");
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
