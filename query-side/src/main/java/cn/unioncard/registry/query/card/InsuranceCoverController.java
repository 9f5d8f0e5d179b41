package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.member.MemberReviewFacts;
import cn.unioncard.registry.query.union.UnionLabels;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The members whose free insurance cover started in a period (both days inclusive), for the insurer: name
 * and full ID number (the insurer insures a person), masked card number, the cover's start and, for a
 * withdrawn member or a cancelled card, its end. City-wide, the city's admin only; a recorded read
 * revealing every member listed, for the purpose the list implies.
 */
@RestController
class InsuranceCoverController {

    record Item(String memberId, String name, String idNumber, String unionId, String unionName, String cardNumber,
                LocalDate coverStartsOn, LocalDate coverEndsOn) {
    }

    record CoverList(LocalDate from, LocalDate to, int total, List<Item> items) {
    }

    static final String JSON = "/api/insurance/cover";
    static final String XLSX = "/api/insurance/cover.xlsx";
    /** Reading the list is reading to insure the members on it. */
    static final String PURPOSE = "工会卡会员保险投保";
    static final List<String> FIELDS = List.of("name", "idNumber", "cardNumber", "insuranceCover");
    /** A list covers at most this many days: a year and a day, so any calendar year fits. */
    static final int MAX_DAYS = 367;

    private final CardRecords cards;
    private final MemberReviewFacts members;
    private final UnionLabels unions;
    private final AccessLog accessLog;

    InsuranceCoverController(CardRecords cards, MemberReviewFacts members, UnionLabels unions, AccessLog accessLog) {
        this.cards = cards;
        this.members = members;
        this.unions = unions;
        this.accessLog = accessLog;
    }

    @GetMapping(JSON)
    // One transaction for the read and its access record, committed before the answer is written.
    @Transactional
    CoverList cover(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                    Actor actor) {
        CoverList list = list(from, to, actor);
        accessLog.record(actor.withPurpose(PURPOSE), list.items().stream().map(Item::memberId).distinct().toList(),
                FIELDS, true, "GET " + JSON);
        return list;
    }

    @GetMapping(XLSX)
    @Transactional
    ResponseEntity<byte[]> workbook(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                    LocalDate from,
                                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                                    LocalDate to, Actor actor) {
        CoverList list = list(from, to, actor);
        byte[] bytes = InsuranceCoverSheet.of(list);
        accessLog.record(actor.withPurpose(PURPOSE), list.items().stream().map(Item::memberId).distinct().toList(),
                FIELDS, true, "GET " + XLSX);
        return Downloads.xlsx(bytes, "insurance-cover", InsuranceCoverSheet.TITLE, from + "-" + to);
    }

    private CoverList list(LocalDate from, LocalDate to, Actor actor) {
        Permission.READ_INSURANCE_COVER.require(actor);
        Violations v = new Violations();
        if (from == null) {
            v.error("from", "required", "请填写起始日期", "from (a date) is required");
        }
        if (to == null) {
            v.error("to", "required", "请填写截止日期", "to (a date) is required");
        }
        if (from != null && to != null && to.isBefore(from)) {
            v.error("to", "range", "截止日期不能早于起始日期", "to must not be before from");
        }
        if (from != null && to != null && !to.isBefore(from) && from.plusDays(MAX_DAYS).isBefore(to)) {
            v.error("to", "range", "一次最多查询 " + MAX_DAYS + " 天", "a list covers at most " + MAX_DAYS + " days");
        }
        v.throwIfAny();
        List<CardRecords.Card> started = cards.coversStarted(from, to);
        Map<String, MemberReviewFacts.Fact> facts = members.of(started.stream().map(CardRecords.Card::memberId)
                .distinct().toList());
        Map<String, UnionLabels.Label> names = unions.of(facts.values().stream().map(MemberReviewFacts.Fact::unionId)
                .distinct().toList());
        List<Item> items = started.stream().filter(c -> facts.containsKey(c.memberId())).map(c -> {
            MemberReviewFacts.Fact f = facts.get(c.memberId());
            UnionLabels.Label union = names.get(f.unionId());
            return new Item(c.memberId(), f.name(), f.idNumber(), f.unionId(), union == null ? null : union.name(),
                    c.maskedNumber(), c.coverStartsOn(), c.coverEndsOn());
        }).toList();
        return new CoverList(from, to, items.size(), items);
    }
}
