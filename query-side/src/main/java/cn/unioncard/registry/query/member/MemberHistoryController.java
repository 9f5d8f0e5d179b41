package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.audit.MemberReads;
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
 * A member's whole trail: every event from sequence 0 (never from a snapshot) with who caused it,
 * and every recorded read of the member's data. This read is recorded too; whoever may reveal the
 * member (its clerk, the reviewers above it, the city admin) states a purpose as for a reveal,
 * auditors and DPOs read trails by office.
 */
@RestController
class MemberHistoryController {

    record Change(long sequence, String type, Instant timestamp, Map<String, ?> metadata, Object payload) {
    }

    /**
     * {@code readsComplete}: every read recorded up to this one is listed. When it is false,
     * {@code readsLag} says how many store positions the access log is behind.
     */
    record History(String memberId, List<Change> changes, List<MemberReads.Read> reads, boolean readsComplete,
                   long readsLag, int parkedReads) {
    }

    private final EventStore events;
    private final MemberEntries entries;
    private final AccessLog accessLog;
    private final MemberReads reads;
    private final ViewerScope scopes;

    MemberHistoryController(EventStore events, MemberEntries entries, AccessLog accessLog, MemberReads reads,
                            ViewerScope scopes) {
        this.events = events;
        this.entries = entries;
        this.accessLog = accessLog;
        this.reads = reads;
        this.scopes = scopes;
    }

    @GetMapping("/api/members/{id}/history")
    History history(@PathVariable String id, Actor actor) {
        // Scope first (outside it the member does not exist), then the role, then the purpose.
        entries.findById(id).filter(m -> scopes.sees(actor, m.unionPath))
                .orElseThrow(() -> RegistryProblem.notFound("member"));
        Permission.READ_MEMBER_HISTORY.require(actor);
        // Recorded first: if the record cannot be stored, nothing is read.
        String ownRead = accessLog.record(actor, List.of(id), List.of("history"), true,
                "GET /api/members/{id}/history");
        List<Change> changes = events.readEvents(id, 0L).asStream().map(MemberHistoryController::change).toList();
        // This read itself is not part of its answer (the next history shows it).
        MemberReads.Reads found = reads.of(id, ownRead);
        return new History(id, changes, found.reads(), found.complete(), found.lag(),
                (int) found.reads().stream().filter(MemberReads.Read::parked).count());
    }

    private static Change change(DomainEventMessage<?> m) {
        return new Change(m.getSequenceNumber(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                m.getMetaData(), m.getPayload());
    }
}
