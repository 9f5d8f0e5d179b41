package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.batch.BatchEvent;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.card.CardEvent;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.query.projection.ProjectionProgress;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every change that concerns a member, with who made it: the member's own events, and those of the
 * other aggregates that name them (member_concern says which), each with its global position. The
 * member's own payloads are never opened: the report shows who processed what, not the data.
 */
@Component
class ConcernedChanges {

    /** A change as the access report lists it. */
    record Change(long position, Instant at, String aggregateType, String aggregateId, long sequence, String type,
                  String label, String actor, String role, String organisation, String clientAddress,
                  String requestId, String purpose) {
    }

    /** The member's changes, oldest first, and whether their personal data was erased. */
    record Trail(boolean erased, List<Change> changes) {
    }

    /** The stored aggregate type of a member (Axon's simple name of the aggregate class). */
    static final String MEMBER = "Member";
    private static final Duration INDEX_WAIT = Duration.ofSeconds(2);

    private final EventStore events;
    private final JdbcTemplate jdbc;
    private final ProjectionProgress progress;

    ConcernedChanges(EventStore events, JdbcTemplate jdbc, ProjectionProgress progress) {
        this.events = events;
        this.jdbc = jdbc;
        this.progress = progress;
    }

    /** Empty when no member has this id. */
    Optional<Trail> of(String memberId, boolean english) {
        List<? extends DomainEventMessage<?>> own = events.readEvents(memberId, 0L).asStream().toList();
        if (own.isEmpty() || !MEMBER.equals(own.get(0).getType())) {
            return Optional.empty();
        }
        boolean erased = own.stream().anyMatch(m -> PersonalDataErased.class.equals(m.getPayloadType()));
        awaitIndex();
        List<DomainEventMessage<?>> found = new ArrayList<>(own);
        List<String> aggregates = new ArrayList<>(List.of(memberId));
        for (String other : jdbc.queryForList("select aggregate_id from member_concern where member_id = ?",
                String.class, memberId)) {
            aggregates.add(other);
            found.addAll(concerning(events.readEvents(other, 0L).asStream().toList(), memberId));
        }
        Map<String, Long> positions = new HashMap<>();
        jdbc.query("select event_identifier, global_index from domain_event_entry where aggregate_identifier = any(?)",
                rs -> {
                    positions.put(rs.getString(1), rs.getLong(2));
                }, (Object) aggregates.toArray(String[]::new));
        List<Change> changes = found.stream().map(m -> change(m, positions.getOrDefault(m.getIdentifier(), -1L),
                english)).sorted(Comparator.comparingLong(Change::position)).toList();
        return Optional.of(new Trail(erased, changes));
    }

    /** Read-your-writes: the index has handled every event that can add to it, up to the store's head. */
    private void awaitIndex() {
        long head = progress.storeHead();
        long end = System.nanoTime() + INDEX_WAIT.toNanos();
        for (Class<?> type : MemberConcernProjection.INDEXED) {
            long left = Math.max(0, end - System.nanoTime());
            progress.awaitProcessed(MemberConcernProjection.GROUP, type.getName(), head, Duration.ofNanos(left));
        }
    }

    /**
     * The events of another aggregate that concern the member: a batch's from the submission naming
     * them until they leave it (returned, erased, excluded, rejected), a card's whose holder they are,
     * a bank return's or import's chunk whose rows name them.
     */
    static List<DomainEventMessage<?>> concerning(List<? extends DomainEventMessage<?>> stream, String memberId) {
        List<DomainEventMessage<?>> out = new ArrayList<>();
        boolean inBatch = false;
        for (DomainEventMessage<?> m : stream) {
            Object p = m.getPayload();
            boolean keep;
            if (p instanceof BatchSubmitted s) {
                inBatch = s.members().stream().anyMatch(b -> memberId.equals(b.memberId()));
                keep = inBatch;
            } else if (p instanceof BatchMemberReturned r) {
                keep = memberId.equals(r.memberId());
                inBatch = inBatch && !keep;
            } else if (p instanceof BatchMemberErased e) {
                keep = memberId.equals(e.memberId());
                inBatch = inBatch && !keep;
            } else if (p instanceof BatchPartlyApproved a) {
                keep = inBatch;
                inBatch = inBatch && !a.excludedMemberIds().contains(memberId);
            } else if (p instanceof BatchRejected) {
                keep = inBatch;
                inBatch = false;
            } else if (p instanceof BatchEvent) {
                keep = inBatch;
            } else if (p instanceof CardEvent c) {
                keep = memberId.equals(c.memberId());
            } else if (p instanceof CardIssuanceRecorded r) {
                keep = r.rows().stream().anyMatch(row -> memberId.equals(row.memberId()));
            } else if (p instanceof ImportRowsProcessed i) {
                keep = i.rows().stream().anyMatch(row -> memberId.equals(row.entityId()));
            } else {
                keep = false;
            }
            if (keep) {
                out.add(m);
            }
        }
        return out;
    }

    private static Change change(DomainEventMessage<?> m, long position, boolean english) {
        Map<String, ?> meta = m.getMetaData();
        String type = m.getPayloadType().getSimpleName();
        return new Change(position, m.getTimestamp(), m.getType(), m.getAggregateIdentifier(),
                m.getSequenceNumber(), type, ChangeLabels.of(type, english), text(meta, AuditMetadata.USER),
                text(meta, AuditMetadata.ROLE), text(meta, AuditMetadata.ORGANISATION),
                text(meta, AuditMetadata.CLIENT_ADDRESS), text(meta, AuditMetadata.CORRELATION_ID),
                text(meta, AuditMetadata.PURPOSE));
    }

    private static String text(Map<String, ?> meta, String key) {
        Object v = meta.get(key);
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }
}
