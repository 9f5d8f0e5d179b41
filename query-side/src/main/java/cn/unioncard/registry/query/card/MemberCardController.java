package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.InsuranceCover;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.member.MemberReviewFacts;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A member's card: masked, or with its full numbers (read from the event store) for a role that may reveal
 * them and a stated purpose. Every answer is recorded before it is sent. Refusals in the registry's order:
 * outside the viewer's subtree 404 (member), role 403, purpose 400, then a member never issued a card 404 (card).
 */
@RestController
class MemberCardController {

    record Cover(LocalDate startsOn, LocalDate endsOn, int trafficAccidentCny, int roadPassengerCny,
                 int hospitalDailyCny, int hospitalMaxDays) {
    }

    /** {@code reason}: the number change's or cancellation's reason code, or the activation's channel. */
    record Step(String cardId, Instant at, String kind, String cardNumber, String previousNumber, String reason,
                LocalDate on, String by) {
    }

    record EarlierCard(String cardId, String batchId, CardState state, String stateLabel, String cardNumber,
                       String cardType, LocalDate issuedOn, LocalDate activatedOn, LocalDate cancelledOn,
                       String cancelReason, Cover cover) {
    }

    record MemberCard(String memberId, String cardId, String batchId, CardState state, String stateLabel,
                      String cardNumber, boolean masked, String cardType, String branch, LocalDate issuedOn,
                      LocalDate handedOutOn, LocalDate activatedOn, String activationChannel,
                      String activationBranch, boolean qualificationDeclined, LocalDate cancelledOn,
                      String cancelReason, Cover cover, List<Step> history, List<EarlierCard> previousCards) {
    }

    static final String PATH = "/api/members/{id}/card";
    /** What the answer shows of the member, as its access record names it. */
    static final List<String> FIELDS = List.of("cardNumber", "cardType", "cardState", "cardHistory", "insuranceCover");

    private final CardRecords records;
    private final CardNumbers numbers;
    private final MemberReviewFacts members;
    private final UnionPaths unions;
    private final ViewerScope scopes;
    private final AccessLog accessLog;

    MemberCardController(CardRecords records, CardNumbers numbers, MemberReviewFacts members, UnionPaths unions,
                         ViewerScope scopes, AccessLog accessLog) {
        this.records = records;
        this.numbers = numbers;
        this.members = members;
        this.unions = unions;
        this.scopes = scopes;
        this.accessLog = accessLog;
    }

    @GetMapping(PATH)
    // One transaction for the read and its access record, committed before the answer is written.
    @Transactional
    MemberCard card(@PathVariable String id, @RequestParam(defaultValue = "false") boolean reveal,
                    @RequestHeader(value = "Accept-Language", required = false) String language, Actor actor) {
        MemberReviewFacts.Fact member = members.of(List.of(id)).get(id);
        if (member == null || !scopes.sees(actor, unions.pathOf(member.unionId()).orElse(null))) {
            throw RegistryProblem.notFound("member");
        }
        Permission.READ_CARDS.require(actor);
        if (reveal) {
            Permission.REVEAL_CARD_NUMBER.require(actor);
        }
        List<CardRecords.Card> cards = records.ofMember(id);
        if (cards.isEmpty()) {
            throw RegistryProblem.notFound("card");
        }
        boolean english = language != null && language.trim().toLowerCase(Locale.ROOT).startsWith("en");
        accessLog.record(actor, List.of(id), FIELDS, reveal, reveal ? "GET " + PATH + "?reveal=true" : "GET " + PATH);
        Map<String, CardNumbers.Numbers> full = new HashMap<>();
        if (reveal) {
            cards.forEach(c -> full.put(c.cardId(), numbers.of(c.cardId(), id)));
        }
        CardRecords.Card now = cards.get(0);
        List<EarlierCard> earlier = cards.subList(1, cards.size()).stream().map(c -> new EarlierCard(c.cardId(),
                c.batchId(), c.state(), label(c.state(), english), number(c, full), c.cardType(), c.issuedOn(),
                c.activatedOn(), c.cancelledOn(), c.cancelReason(), cover(c))).toList();
        return new MemberCard(id, now.cardId(), now.batchId(), now.state(), label(now.state(), english),
                number(now, full), !reveal, now.cardType(), now.branch(), now.issuedOn(), now.handedOutOn(),
                now.activatedOn(), now.activationChannel(), now.activationBranch(), now.qualificationDeclined(),
                now.cancelledOn(), now.cancelReason(), cover(now), history(id, full), earlier);
    }

    /** The masked history, or the full numbers matched to it in order: the issue, then each change. */
    private List<Step> history(String memberId, Map<String, CardNumbers.Numbers> full) {
        Map<String, Integer> changesSeen = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        for (CardRecords.Change c : records.historyOf(memberId)) {
            String number = c.maskedNumber();
            String previous = c.previousMasked();
            CardNumbers.Numbers n = full.get(c.cardId());
            if (n != null && "ISSUED".equals(c.kind())) {
                number = n.issued();
            } else if (n != null && "NUMBER_CHANGED".equals(c.kind())) {
                int k = changesSeen.merge(c.cardId(), 1, Integer::sum) - 1;
                if (k < n.changes().size()) {
                    previous = n.changes().get(k)[0];
                    number = n.changes().get(k)[1];
                }
            }
            steps.add(new Step(c.cardId(), c.at(), c.kind(), number, previous, c.reason(), c.on(), c.by()));
        }
        return steps;
    }

    private static String number(CardRecords.Card c, Map<String, CardNumbers.Numbers> full) {
        CardNumbers.Numbers n = full.get(c.cardId());
        return n == null || n.issued() == null ? c.maskedNumber() : n.current();
    }

    static Cover cover(CardRecords.Card c) {
        if (c.coverStartsOn() == null) {
            return null;
        }
        InsuranceCover s = InsuranceCover.STANDARD;
        return new Cover(c.coverStartsOn(), c.coverEndsOn(), s.trafficAccidentCny(), s.roadPassengerCny(),
                s.hospitalDailyCny(), s.hospitalMaxDays());
    }

    private static String label(CardState state, boolean english) {
        return english ? state.en() : state.zh();
    }
}
