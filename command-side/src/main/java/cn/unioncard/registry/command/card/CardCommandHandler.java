package cn.unioncard.registry.command.card;

import cn.unioncard.registry.command.batch.BatchFacts;
import cn.unioncard.registry.command.member.MemberFacts;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.card.ActivateCard;
import cn.unioncard.registry.events.card.CancelCard;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.ChangeCardNumber;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.card.IssueCard;
import cn.unioncard.registry.events.card.RecordCardHandedOut;
import cn.unioncard.registry.events.card.RecordCardsHandedOut;
import cn.unioncard.registry.events.card.RecordIssuanceRun;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.BankCardNumber;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Card commands: scope (a batch or member outside the actor's subtree does not exist), the role, the
 * input (every violation at once), the lookups in the same transaction, then the card's own state.
 * A bank-return row's refusal is its outcome, not an exception; the request's own refusals throw.
 */
@Component
class CardCommandHandler {

    private final Repository<Card> cards;
    private final Repository<IssuanceRun> runs;
    private final IssuanceGate gate;
    private final CardIssuance issuance;
    private final CardLookups lookups;
    private final MemberFacts facts;
    private final UnionTree tree;
    private final Clock clock;

    CardCommandHandler(Repository<Card> cards, Repository<IssuanceRun> runs, IssuanceGate gate, CardIssuance issuance,
                       CardLookups lookups, MemberFacts facts, UnionTree tree, Clock clock) {
        this.cards = cards;
        this.runs = runs;
        this.gate = gate;
        this.issuance = issuance;
        this.lookups = lookups;
        this.facts = facts;
        this.tree = tree;
        this.clock = clock;
    }

    @CommandHandler
    IssuanceResult handle(IssueCard command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        return issuance.issue(command, gate.require(actor, command.batchId(), command.branch(), command.issuedOn(), true));
    }

    @CommandHandler
    void handle(RecordIssuanceRun command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        BatchFacts.Fact batch = gate.visible(actor, command.batchId(), false);
        List<IssuanceResult> rows = command.rows() == null ? List.of() : List.copyOf(command.rows());
        int issued = (int) rows.stream().filter(IssuanceResult::issued).count();
        runs.newInstance(() -> new IssuanceRun(new CardIssuanceRecorded(command.runId(), command.batchId(),
                batch.unionId(), command.source(), rows, issued, rows.size() - issued)));
    }

    @CommandHandler
    Changed handle(RecordCardHandedOut command, MetaData metaData) throws Exception {
        Actor actor = member(metaData, command.memberId(), Permission.HAND_OUT_CARDS);
        Violations v = new Violations();
        handOutInput(v, command.handedOutOn(), command.signed());
        v.throwIfAny();
        requireActive(command.memberId());
        Aggregate<Card> card = cardOf(command.memberId());
        card.execute(c -> c.handOut(command.handedOutOn(), actor.username()));
        return changed(command.memberId(), card, null);
    }

    /** All members' cards or none; every refused member is named ({@code memberIds[<id>]}) in one problem. */
    @CommandHandler
    int handle(RecordCardsHandedOut command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        gate.inScope(actor, command.batchId(), false);
        Permission.HAND_OUT_CARDS.require(actor);
        Violations v = new Violations();
        handOutInput(v, command.handedOutOn(), command.signed());
        List<String> ids = command.memberIds() == null ? List.of() : command.memberIds();
        if (ids.isEmpty()) {
            FormFields.required(v, "memberIds");
        } else if (ids.size() > RecordCardsHandedOut.MAX_MEMBERS) {
            v.error("memberIds", "card.too-many", "一次最多登记 " + RecordCardsHandedOut.MAX_MEMBERS + " 名会员",
                    "at most " + RecordCardsHandedOut.MAX_MEMBERS + " members at once");
        }
        v.throwIfAny();
        // In id order, share-locked: a withdrawal or erasure of one of them waits, and is then seen.
        Map<String, MemberFacts.Fact> members = facts.find(new TreeSet<>(ids));
        for (String id : new LinkedHashSet<>(ids)) {
            MemberFacts.Fact fact = members.get(id);
            if (fact != null && !fact.active()) {
                v.error("memberIds[" + id + "]", "card.member-not-active", NOT_ACTIVE_ZH, NOT_ACTIVE_EN);
            } else {
                handOutOne(v, command, id, actor.username());
            }
        }
        v.throwIfAny(); // the unit of work rolls back the cards already handed out
        return new LinkedHashSet<>(ids).size();
    }

    @CommandHandler
    Changed handle(ActivateCard command, MetaData metaData) throws Exception {
        Actor actor = member(metaData, command.memberId(), Permission.ACTIVATE_CARDS);
        Violations v = new Violations();
        if (command.channel() == null) {
            FormFields.required(v, "channel");
        }
        String branch = FormFields.text(v, "branch", command.branch(), true, 2, 100);
        date(v, "activatedOn", command.activatedOn());
        v.throwIfAny();
        requireActive(command.memberId());
        Aggregate<Card> card = cardOf(command.memberId());
        card.execute(c -> c.activate(command.channel(), branch, command.activatedOn(), actor.username()));
        return changed(command.memberId(), card, command.activatedOn());
    }

    @CommandHandler
    Changed handle(ChangeCardNumber command, MetaData metaData) throws Exception {
        Actor actor = member(metaData, command.memberId(), Permission.CHANGE_CARDS);
        Violations v = new Violations();
        if (FormFields.blank(command.newCardNumber())) {
            FormFields.required(v, "newCardNumber");
        } else {
            BankCardNumber.validate("newCardNumber", command.newCardNumber(), v);
        }
        if (command.reason() == null) {
            FormFields.required(v, "reason");
        }
        date(v, "reportedOn", command.reportedOn());
        v.throwIfAny();
        String number = BankCardNumber.normalise(command.newCardNumber()).orElseThrow();
        if (facts.find(List.of(command.memberId())).get(command.memberId()).erased()) {
            // the numbers are sealed under the member's key, which the erasure destroyed
            throw RegistryProblem.conflict("该会员的个人信息已删除，不能再登记新卡号",
                    "this member's personal data was erased: no new card number can be recorded");
        }
        Aggregate<Card> card = cardOf(command.memberId());
        card.execute(c -> c.requireLive("变更卡号", "change the number of"));
        if (!lookups.claimNumber(number, command.memberId(), card.identifierAsString())) {
            throw RegistryProblem.conflict("该卡号已登记过，卡号不能重复使用", "this card number was recorded before; numbers are never reused");
        }
        card.execute(c -> c.changeNumber(number, command.reason(), command.reportedOn(), actor.username()));
        return new Changed(card.identifierAsString(), card.invoke(Card::state), null);
    }

    @CommandHandler
    Changed handle(CancelCard command, MetaData metaData) throws Exception {
        Actor actor = member(metaData, command.memberId(), Permission.CHANGE_CARDS);
        Violations v = new Violations();
        if (command.reason() == null) {
            FormFields.required(v, "reason");
        }
        date(v, "cancelledOn", command.cancelledOn());
        v.throwIfAny();
        Aggregate<Card> card = cardOf(command.memberId());
        card.execute(c -> c.cancel(command.reason(), command.cancelledOn(), actor.username()));
        return changed(command.memberId(), card, null);
    }

    /** What a member's card command answers: the card, its state and (an activation's) the day its cover starts. */
    record Changed(String cardId, CardState state, LocalDate coverStartsOn) {
    }

    private void handOutOne(Violations v, RecordCardsHandedOut command, String memberId, String by) throws Exception {
        String field = "memberIds[" + memberId + "]";
        CardLookups.Holding holding = lookups.holding(memberId).orElse(null);
        Aggregate<Card> card = holding == null ? null : cards.load(holding.cardId());
        if (card == null || !command.batchId().equals(card.invoke(Card::batchId))) {
            v.error(field, "card.not-in-batch", "该会员没有此批次发的工会卡", "this member holds no card issued for this batch");
            return;
        }
        try {
            card.execute(c -> c.handOut(command.handedOutOn(), by));
            moved(memberId, card);
        } catch (RegistryProblem refused) {
            v.error(field, "card.state", refused.zh(), refused.en());
        } catch (InvalidInputException refused) {
            refused.violations().forEach(x -> v.error(field, x.code(), x.zh(), x.en()));
        }
    }

    private void handOutInput(Violations v, LocalDate handedOutOn, boolean signed) {
        date(v, "handedOutOn", handedOutOn);
        if (!signed) {
            v.error("signed", "card.not-signed", "会员须本人在卡背面签名栏和签收单上签字后才能登记发放",
                    "the member must sign the card's strip and the sign-off sheet before the hand-out is recorded");
        }
    }

    private void date(Violations v, String field, LocalDate on) {
        if (on == null) {
            FormFields.required(v, field);
        } else if (on.isAfter(LocalDate.now(clock))) {
            v.error(field, "date.future", "日期不能晚于今天", "the date cannot be in the future");
        }
    }

    private static final String NOT_ACTIVE_ZH = "该会员已离会或个人信息已删除，其工会卡不能再发放或启用";
    private static final String NOT_ACTIVE_EN = "this member has left the union or was erased: the card cannot be handed out or activated";

    /**
     * A withdrawn or erased member's card is neither handed out nor activated: the free cover is the
     * union's, for its members. The row stays share-locked, so a withdrawal waits for this command.
     */
    private void requireActive(String memberId) {
        if (!facts.find(List.of(memberId)).get(memberId).active()) {
            throw RegistryProblem.conflict(NOT_ACTIVE_ZH, NOT_ACTIVE_EN);
        }
    }

    /** Scope (404: a member outside the subtree does not exist), then the role (403). */
    private Actor member(MetaData metaData, String memberId, Permission permission) {
        Actor actor = AuditMetadata.from(metaData);
        MemberFacts.Fact fact = memberId == null ? null : facts.find(List.of(memberId)).get(memberId);
        if (fact == null || !tree.isVisible(actor, fact.unionId())) {
            throw RegistryProblem.notFound("member");
        }
        permission.require(actor);
        return actor;
    }

    /** The member's current card (404 {@code card} when none was ever issued), loaded and locked. */
    private Aggregate<Card> cardOf(String memberId) {
        CardLookups.Holding holding = lookups.holding(memberId).orElseThrow(() -> RegistryProblem.notFound("card"));
        return cards.load(holding.cardId());
    }

    private Changed changed(String memberId, Aggregate<Card> card, LocalDate coverStartsOn) {
        return new Changed(card.identifierAsString(), moved(memberId, card), coverStartsOn);
    }

    private CardState moved(String memberId, Aggregate<Card> card) {
        CardState state = card.invoke(Card::state);
        lookups.moved(memberId, state);
        return state;
    }
}
