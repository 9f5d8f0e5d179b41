package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.audit.Actor;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.scope.ViewerScope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Arrays;
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

    record Read(Instant accessedAt, String user, String role, String organisation, String clientAddress,
                String correlationId, List<String> fields, boolean revealed, String purpose, String endpoint) {
    }

    record History(String memberId, List<Change> changes, List<Read> reads) {
    }

    private final EventStore events;
    private final MemberEntries entries;
    private final AccessLog accessLog;
    private final JdbcTemplate jdbc;
    private final ViewerScope scopes;

    MemberHistoryController(EventStore events, MemberEntries entries, AccessLog accessLog, JdbcTemplate jdbc,
                            ViewerScope scopes) {
        this.events = events;
        this.entries = entries;
        this.accessLog = accessLog;
        this.jdbc = jdbc;
        this.scopes = scopes;
    }

    @GetMapping("/api/members/{id}/history")
    History history(@PathVariable String id, Actor actor) {
        // Scope first (outside it the member does not exist), then the role, then the purpose.
        entries.findById(id).filter(m -> scopes.sees(actor, m.unionPath))
                .orElseThrow(() -> RegistryProblem.notFound("member"));
        if (!actor.isReadOnly()) {
            // Whoever may reveal the member reads its history, with a purpose; auditors and DPOs by office.
            MemberReadController.checkMayReveal(actor);
        }
        // Recorded first: if the record cannot be stored, nothing is read.
        accessLog.record(actor, List.of(id), List.of("history"), true, "GET /api/members/{id}/history");
        List<Change> changes = events.readEvents(id, 0L).asStream().map(MemberHistoryController::change).toList();
        List<Read> reads = jdbc.query("""
                select accessed_at, actor_user, actor_role, actor_organisation, client_address, correlation_id,
                       fields, revealed, purpose, endpoint
                from member_access where member_id = ? order by accessed_at, access_id""",
                (rs, i) -> new Read(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), Arrays.asList(rs.getString(7).split(",")),
                        rs.getBoolean(8), rs.getString(9), rs.getString(10)), id);
        return new History(id, changes, reads);
    }

    private static Change change(DomainEventMessage<?> m) {
        return new Change(m.getSequenceNumber(), m.getPayloadType().getSimpleName(), m.getTimestamp(),
                m.getMetaData(), m.getPayload());
    }
}
