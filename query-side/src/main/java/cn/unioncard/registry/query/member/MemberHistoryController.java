package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.audit.ParkedAccesses;
import cn.unioncard.registry.query.audit.RecordedReads;
import cn.unioncard.registry.query.projection.ProjectionProgress;
import cn.unioncard.registry.query.union.ViewerScope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** {@code parked}: the access-log projection could not index this read; it was read from its dead letters. */
    record Read(String accessId, Instant accessedAt, String user, String role, String organisation,
                String clientAddress, String correlationId, List<String> fields, boolean revealed, String purpose,
                String endpoint, boolean parked) {
    }

    /**
     * {@code readsComplete}: every read recorded up to this one is listed. When it is false,
     * {@code readsLag} says how many store positions the access log is behind.
     */
    record History(String memberId, List<Change> changes, List<Read> reads, boolean readsComplete, long readsLag,
                   int parkedReads) {
    }

    /** How long a history waits for the access log to index the reads recorded before it. */
    private static final Duration READS_WAIT = Duration.ofSeconds(2);

    private final EventStore events;
    private final MemberEntries entries;
    private final AccessLog accessLog;
    private final RecordedReads recorded;
    private final ViewerScope scopes;
    private final ProjectionProgress progress;
    private final ParkedAccesses parked;

    MemberHistoryController(EventStore events, MemberEntries entries, AccessLog accessLog, RecordedReads recorded,
                            ViewerScope scopes, ProjectionProgress progress, ParkedAccesses parked) {
        this.events = events;
        this.entries = entries;
        this.accessLog = accessLog;
        this.recorded = recorded;
        this.scopes = scopes;
        this.progress = progress;
        this.parked = parked;
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
        return reads(id, ownRead, changes);
    }

    /**
     * Every recorded read of the member before this one: the indexed ones once the access log has
     * caught up with this read's own record (read-your-writes), and those it parked as dead letters.
     */
    private History reads(String id, String ownRead, List<Change> changes) {
        long ownRecord = progress.storeHead();
        boolean caughtUp = progress.awaitProcessed(AccessLog.PROCESSING_GROUP, PersonalDataAccessed.class.getName(),
                ownRecord, READS_WAIT);
        Optional<List<ParkedAccesses.ParkedAccess>> parkedReads = parked.of(id);
        Map<String, Read> reads = new LinkedHashMap<>();
        for (RecordedReads.RecordedRead r : recorded.of(id)) {
            reads.put(r.accessId(), new Read(r.accessId(), r.accessedAt(), r.user(), r.role(), r.organisation(),
                    r.clientAddress(), r.correlationId(), r.fields(), r.revealed(), r.purpose(), r.endpoint(), false));
        }
        for (ParkedAccesses.ParkedAccess p : parkedReads.orElse(List.of())) {
            // A letter retried a moment ago may be in the table already.
            reads.putIfAbsent(p.access().accessId(), parkedRead(p));
        }
        // This read itself is not part of its answer (the next history shows it).
        reads.remove(ownRead);
        List<Read> ordered = reads.values().stream()
                .sorted(Comparator.comparing(Read::accessedAt).thenComparing(Read::accessId)).toList();
        boolean complete = caughtUp && parkedReads.isPresent();
        return new History(id, changes, ordered, complete,
                caughtUp ? 0 : progress.lag(AccessLog.PROCESSING_GROUP),
                (int) ordered.stream().filter(Read::parked).count());
    }

    private static Read parkedRead(ParkedAccesses.ParkedAccess p) {
        Actor reader = AuditMetadata.from(p.metaData());
        return new Read(p.access().accessId(), p.at(), reader == null ? null : reader.username(),
                reader == null ? null : reader.role().name(), reader == null ? null : reader.organisationId(),
                reader == null ? null : reader.clientAddress(), reader == null ? null : reader.correlationId(),
                p.access().fields() == null ? List.of() : p.access().fields(), p.access().revealed(),
                p.access().purpose(), p.access().endpoint(), true);
    }

    private static Change change(DomainEventMessage<?> m) {
        return new Change(m.getSequenceNumber(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                m.getMetaData(), m.getPayload());
    }
}
