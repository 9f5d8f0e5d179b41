package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.Actor;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.query.audit.AccessLog;
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
 * and every recorded read of the member's data. This read is recorded too, and the member's own
 * clerk states a purpose for it as for a reveal (auditors and DPOs read trails by office).
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

    private static final int MIN_PURPOSE = 5;

    private final EventStore events;
    private final MemberEntries entries;
    private final AccessLog accessLog;
    private final JdbcTemplate jdbc;

    MemberHistoryController(EventStore events, MemberEntries entries, AccessLog accessLog, JdbcTemplate jdbc) {
        this.events = events;
        this.entries = entries;
        this.accessLog = accessLog;
        this.jdbc = jdbc;
    }

    @GetMapping("/api/members/{id}/history")
    History history(@PathVariable String id, Actor actor) {
        MemberEntry member = entries.findById(id).orElseThrow(() -> RegistryProblem.notFound("member"));
        boolean ownUnion = actor.role() == Role.UNION_OPERATOR && member.unionId.equals(actor.organisationId());
        if (!ownUnion && actor.role() != Role.AUDITOR && actor.role() != Role.DPO) {
            // Others do not learn that the member exists.
            throw RegistryProblem.notFound("member");
        }
        if (ownUnion) {
            // The clerk sees the member's data in clear here, so the clerk states why, as for a reveal.
            String purpose = actor.purpose() == null ? "" : actor.purpose().trim();
            if (purpose.length() < MIN_PURPOSE) {
                new Violations().error("purpose", "purpose.required",
                        "查看会员历史须说明用途（至少 " + MIN_PURPOSE + " 个字符）",
                        "state the purpose of reading the member's history (at least " + MIN_PURPOSE
                                + " characters)").throwIfAny();
            }
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
