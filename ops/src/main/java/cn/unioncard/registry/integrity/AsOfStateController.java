package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.union.ViewerScope;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A union, member (with their card) or batch as it stood at an instant, replayed from its stored
 * events up to then, never from a projection: an auditor checks what the registry showed against
 * what it recorded. Before its first event it did not exist (404). Member data is masked unless
 * revealed with a purpose, and every answer naming members is recorded.
 */
@RestController
class AsOfStateController {

    record AsOfState(String aggregateType, String id, Instant asOf, long sequence, Instant lastChangedAt,
                     Object state) {
    }

    record MemberState(String unionId, MemberStatus status, boolean authorised, LocalDate authorisedOn,
                       boolean erased, boolean masked, JsonNode details, CardAsOf.State card) {
    }

    static final String PATH = "/api/audit/{aggregateType}/{id}/state";
    /** The path's names and the stored aggregate types they stand for. */
    private static final Map<String, String> TYPES = Map.of("union", "Union", "member", "Member", "batch", "Batch");

    private final AsOfEvents events;
    private final EventPages pages;
    private final AccessLog accessLog;
    private final ViewerScope scopes;
    private final ObjectMapper json;

    AsOfStateController(AsOfEvents events, EventPages pages, AccessLog accessLog, ViewerScope scopes,
                        ObjectMapper json) {
        this.events = events;
        this.pages = pages;
        this.accessLog = accessLog;
        this.scopes = scopes;
        this.json = json;
    }

    @GetMapping(PATH)
    AsOfState state(@PathVariable String aggregateType, @PathVariable String id,
                    @RequestParam(required = false) String asOf, @RequestParam(defaultValue = "false") boolean reveal,
                    Actor actor) {
        String stored = TYPES.get(aggregateType);
        if (stored == null) {
            throw RegistryProblem.notFound("aggregateType");
        }
        // Scope and role before the parameters: a refusal is recorded as one, whatever else was wrong.
        if (!Permission.READ_STATE_AS_OF.allows(actor)) {
            if (!scopes.seesAggregate(actor, id)) {
                throw RegistryProblem.notFound(aggregateType);
            }
            throw Permission.READ_STATE_AS_OF.refusal();
        }
        if (reveal) {
            Permission.REVEAL_EVENT_PAYLOADS.require(actor);
        }
        Violations v = new Violations();
        Instant at = AuditInstants.parse("asOf", asOf, false, false, v);
        v.throwIfAny();
        Instant when = at == null ? Instant.now() : at;
        AsOfEvents.Trail trail = events.of(id, when);
        if (trail.events().isEmpty() || !stored.equals(trail.aggregateType())) {
            throw RegistryProblem.notFound(aggregateType);
        }
        String endpoint = "GET /api/audit/" + aggregateType + "/{id}/state" + (reveal ? "?reveal=true" : "");
        Object state = switch (aggregateType) {
            case "union" -> UnionAsOf.fold(trail);
            case "member" -> member(id, trail, when, reveal, actor, endpoint);
            default -> batch(trail, reveal, actor, endpoint);
        };
        AsOfEvents.Past last = trail.last();
        return new AsOfState(aggregateType, id, when, last.sequence(), last.at(), state);
    }

    private MemberState member(String id, AsOfEvents.Trail trail, Instant when, boolean reveal, Actor actor,
                               String endpoint) {
        boolean erasedNow = !pages.erased(List.of(id)).isEmpty();
        MemberAsOf.Facts f = MemberAsOf.fold(trail);
        List<String> cards = events.cardsOf(id, when);
        CardAsOf.State card = cards.isEmpty() ? null : CardAsOf.fold(events.of(cards.get(cards.size() - 1), when),
                n -> erasedNow ? PersonalMask.ERASED : reveal ? n : Masking.cardNumber(n));
        accessLog.record(actor, List.of(id), List.of("details", "card"), reveal, endpoint);
        JsonNode details;
        if (erasedNow || f.details() == null) {
            details = json.getNodeFactory().textNode(PersonalMask.ERASED);
        } else {
            details = json.valueToTree(f.details());
            PersonalMask.apply(MemberDetails.class, details, reveal ? PersonalMask.View.REVEALED
                    : PersonalMask.View.MASKED);
        }
        return new MemberState(f.unionId(), f.status(), f.authorised(), f.authorisedOn(), f.erased(), !reveal, details,
                card);
    }

    private BatchAsOf.State batch(AsOfEvents.Trail trail, boolean reveal, Actor actor, String endpoint) {
        List<String> erased = pages.erased(trail.events().stream().flatMap(p -> p.payload()
                instanceof cn.unioncard.registry.events.batch.BatchSubmitted b ? b.members().stream()
                .map(m -> m.memberId()) : java.util.stream.Stream.empty()).toList());
        BatchAsOf.State s = BatchAsOf.fold(trail, (member, reason) -> reason == null ? null
                : erased.contains(member) ? PersonalMask.ERASED : reveal ? reason : PersonalMask.HIDDEN);
        if (s == null) {
            // No readable submission up to then: no batch as far as this instant shows.
            throw RegistryProblem.notFound("batch");
        }
        accessLog.record(actor, s.members().stream().map(BatchAsOf.Member::memberId).toList(),
                List.of("batchMembers", "returnedReason"), reveal, endpoint);
        return s;
    }
}
