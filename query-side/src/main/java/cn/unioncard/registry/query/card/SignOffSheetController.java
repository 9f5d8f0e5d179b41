package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.batch.BatchHeadings;
import cn.unioncard.registry.query.member.MemberReviewFacts;
import cn.unioncard.registry.query.union.UnionLabels;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * The 工会卡领取签收单 of a batch, printed by the union to hand out its cards and handed to the bank signed.
 * It names the holders (masked ID numbers, card number tails): a recorded read of every member on it.
 * Refusals: outside the viewer's subtree 404, role 403, no live card issued for the batch yet 409.
 */
@RestController
class SignOffSheetController {

    static final String PATH = "/api/batches/{id}/sign-off-sheet.xlsx";

    private final BatchHeadings batches;
    private final CardRecords cards;
    private final MemberReviewFacts members;
    private final UnionLabels unions;
    private final ViewerScope scopes;
    private final AccessLog accessLog;

    SignOffSheetController(BatchHeadings batches, CardRecords cards, MemberReviewFacts members, UnionLabels unions,
                           ViewerScope scopes, AccessLog accessLog) {
        this.batches = batches;
        this.cards = cards;
        this.members = members;
        this.unions = unions;
        this.scopes = scopes;
        this.accessLog = accessLog;
    }

    @GetMapping(PATH)
    // One transaction for the read and its access record, committed before the bytes are written.
    @Transactional
    ResponseEntity<byte[]> sheet(@PathVariable String id, Actor actor) {
        BatchHeadings.Fact batch = batches.of(id).filter(b -> scopes.sees(actor, b.unionPath()))
                .orElseThrow(() -> RegistryProblem.notFound("batch"));
        Permission.PRINT_SIGN_OFF_SHEET.require(actor);
        List<CardRecords.Card> live = cards.liveOfBatch(id);
        Map<String, MemberReviewFacts.Fact> facts = members.of(live.stream().map(CardRecords.Card::memberId).toList());
        // An erased holder has nothing left to print or sign for.
        List<SignOffSheet.Line> lines = live.stream().filter(c -> facts.containsKey(c.memberId()))
                .filter(c -> !facts.get(c.memberId()).erased())
                .map(c -> new SignOffSheet.Line(c.memberId(), c.cardId(), facts.get(c.memberId()).name(),
                        Masking.idNumber(facts.get(c.memberId()).idNumber()), SignOffSheet.tail(c.maskedNumber())))
                .toList();
        if (lines.isEmpty()) {
            throw RegistryProblem.conflict("该批次尚未发卡（或所发的卡均已注销），不能打印签收单",
                    "no card has been issued for this batch yet: there is no sign-off sheet to print");
        }
        UnionLabels.Label union = unions.of(batch.unionId()).orElse(new UnionLabels.Label(batch.unionId(), "", null));
        SignOffSheet sheet = new SignOffSheet(union.name(), union.systemCode(), id, batch.contentHash(), lines);
        byte[] bytes = sheet.workbook();
        accessLog.record(actor, lines.stream().map(SignOffSheet.Line::memberId).toList(), SignOffSheet.FIELDS, false,
                "GET " + PATH);
        return Downloads.xlsx(bytes, "sign-off-sheet", SignOffSheet.TITLE, id);
    }
}
