package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.union.ViewerScope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch's events from sequence 0 with who caused each (the metadata, as a member's history shows
 * it). A returned member's reason is about that member, so it is left out here (the history is no
 * recorded read): it is shown, recorded, on the batch's own page ({@code GET /api/batches/{id}}).
 */
@RestController
class BatchHistoryController {

    record Change(long sequence, String type, Instant timestamp, Map<String, ?> metadata, Object payload) {
    }

    record History(String batchId, List<Change> changes) {
    }

    private final EventStore events;
    private final BatchPaths paths;
    private final ViewerScope scopes;

    BatchHistoryController(EventStore events, BatchPaths paths, ViewerScope scopes) {
        this.events = events;
        this.paths = paths;
        this.scopes = scopes;
    }

    @GetMapping("/api/batches/{id}/history")
    History history(@PathVariable String id, Actor actor) {
        paths.pathOf(id).filter(p -> scopes.sees(actor, p)).orElseThrow(() -> RegistryProblem.notFound("batch"));
        Permission.READ_BATCHES.require(actor);
        return new History(id, events.readEvents(id, 0L).asStream().map(BatchHistoryController::change).toList());
    }

    static Change change(DomainEventMessage<?> m) {
        Object payload = BatchMemberReturned.class.equals(m.getPayloadType()) ? withoutReason(m) : m.getPayload();
        return new Change(m.getSequenceNumber(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                m.getMetaData(), payload);
    }

    /** The member and the fact of the return, without opening the reason (sealed under the member's key). */
    private static Map<String, Object> withoutReason(DomainEventMessage<?> m) {
        BatchMemberReturned r = (BatchMemberReturned) m.getPayload();
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("batchId", r.batchId());
        shown.put("memberId", r.memberId());
        shown.put("reason", null);
        shown.put("reasonShownOn", "GET /api/batches/" + r.batchId());
        return shown;
    }
}
