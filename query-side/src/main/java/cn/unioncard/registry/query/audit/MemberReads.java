package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.query.projection.ProjectionProgress;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every recorded read of a member, for a member's history and access report alike: the indexed ones once
 * the access log has caught up with the caller's own record (read-your-writes), and those it parked as
 * dead letters, oldest first, without the caller's own read.
 */
@Component
public class MemberReads {

    /** {@code parked}: the access-log projection could not index this read; it was read from its dead letters. */
    public record Read(String accessId, Instant accessedAt, String user, String role, String organisation,
                       String clientAddress, String correlationId, List<String> fields, boolean revealed,
                       String purpose, String endpoint, boolean parked) {
    }

    /** {@code complete}: every read recorded before the caller's is listed; else {@code lag} store positions behind. */
    public record Reads(List<Read> reads, boolean complete, long lag) {
    }

    /** How long a read waits for the access log to index the reads recorded before it. */
    private static final Duration READS_WAIT = Duration.ofSeconds(2);

    private final RecordedReads recorded;
    private final ParkedAccesses parked;
    private final ProjectionProgress progress;

    MemberReads(RecordedReads recorded, ParkedAccesses parked, ProjectionProgress progress) {
        this.recorded = recorded;
        this.parked = parked;
        this.progress = progress;
    }

    /** The member's reads before {@code ownRead} (the caller's just-recorded read, left out; null for none). */
    public Reads of(String memberId, String ownRead) {
        long ownRecord = progress.storeHead();
        boolean caughtUp = progress.awaitProcessed(AccessLog.PROCESSING_GROUP, PersonalDataAccessed.class.getName(),
                ownRecord, READS_WAIT);
        Optional<List<ParkedAccesses.ParkedAccess>> parkedReads = parked.of(memberId);
        Map<String, Read> reads = new LinkedHashMap<>();
        for (RecordedReads.RecordedRead r : recorded.of(memberId)) {
            reads.put(r.accessId(), new Read(r.accessId(), r.accessedAt(), r.user(), r.role(), r.organisation(),
                    r.clientAddress(), r.correlationId(), r.fields(), r.revealed(), r.purpose(), r.endpoint(), false));
        }
        for (ParkedAccesses.ParkedAccess p : parkedReads.orElse(List.of())) {
            // A letter retried a moment ago may be in the table already.
            reads.putIfAbsent(p.access().accessId(), parkedRead(p));
        }
        if (ownRead != null) {
            reads.remove(ownRead);
        }
        List<Read> ordered = reads.values().stream()
                .sorted(Comparator.comparing(Read::accessedAt).thenComparing(Read::accessId)).toList();
        return new Reads(ordered, caughtUp && parkedReads.isPresent(),
                caughtUp ? 0 : progress.lag(AccessLog.PROCESSING_GROUP));
    }

    private static Read parkedRead(ParkedAccesses.ParkedAccess p) {
        Actor reader = AuditMetadata.from(p.metaData());
        return new Read(p.access().accessId(), p.at(), reader == null ? null : reader.username(),
                reader == null ? null : reader.role().name(), reader == null ? null : reader.organisationId(),
                reader == null ? null : reader.clientAddress(), reader == null ? null : reader.correlationId(),
                p.access().fields() == null ? List.of() : p.access().fields(), p.access().revealed(),
                p.access().purpose(), p.access().endpoint(), true);
    }
}
