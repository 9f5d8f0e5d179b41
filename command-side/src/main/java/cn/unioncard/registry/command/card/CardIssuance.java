package cn.unioncard.registry.command.card;

import cn.unioncard.registry.command.batch.BatchFacts;
import cn.unioncard.registry.command.member.IdNumberHolders;
import cn.unioncard.registry.command.member.MemberFacts;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.IssuanceOutcome;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.card.IssueCard;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.validation.BankCardNumber;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Text;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One bank-return row, its batch already checked and locked: the row's checks in order, the lookups
 * written only once every check passed (the number's claim last, since it decides), then the card.
 */
@Component
class CardIssuance {

    private final Repository<Card> cards;
    private final CardLookups lookups;
    private final BatchFacts batches;
    private final IdNumberHolders holders;
    private final MemberFacts facts;

    CardIssuance(Repository<Card> cards, CardLookups lookups, BatchFacts batches, IdNumberHolders holders,
                 MemberFacts facts) {
        this.cards = cards;
        this.lookups = lookups;
        this.batches = batches;
        this.holders = holders;
        this.facts = facts;
    }

    IssuanceResult issue(IssueCard row, IssuanceGate.Passed passed) throws Exception {
        if (FormFields.blank(row.idNumber()) || FormFields.blank(row.name()) || FormFields.blank(row.cardNumber())) {
            return refused(row, null, IssuanceOutcome.MISSING_FIELDS);
        }
        Optional<String> number = BankCardNumber.normalise(row.cardNumber());
        if (number.isEmpty()) {
            return refused(row, null, IssuanceOutcome.BAD_CARD_NUMBER);
        }
        if (!BankCardNumber.luhnValid(number.get())) {
            return refused(row, null, IssuanceOutcome.BAD_CHECK_DIGIT);
        }
        CardType type = FormFields.blank(row.cardType()) ? CardType.DEBIT : CardType.fromInput(row.cardType()).orElse(null);
        if (type == null) {
            return refused(row, null, IssuanceOutcome.BAD_CARD_TYPE);
        }
        List<String> held = batches.approvedAmong(row.batchId(), holders.withIdNumber(row.idNumber()));
        if (held.isEmpty()) {
            return refused(row, null, IssuanceOutcome.NOT_IN_BATCH);
        }
        String memberId = held.get(0);
        MemberFacts.Fact fact = facts.find(List.of(memberId)).get(memberId);
        if (fact == null || !fact.active()) {
            return refused(row, memberId, IssuanceOutcome.MEMBER_NOT_ACTIVE);
        }
        MemberFacts.Applicant applicant = facts.applicant(memberId);
        if (!comparable(applicant.name()).equals(comparable(row.name()))) {
            return refused(row, memberId, IssuanceOutcome.NAME_MISMATCH);
        }
        if (type == CardType.DEBIT_CREDIT && !applicant.debitCredit()) {
            return refused(row, memberId, IssuanceOutcome.CARD_TYPE_NOT_APPLIED);
        }
        if (lookups.holding(memberId).filter(h -> h.state().live()).isPresent()) {
            return refused(row, memberId, IssuanceOutcome.ALREADY_HOLDS_CARD);
        }
        String cardId = UUID.randomUUID().toString();
        if (!lookups.claimNumber(number.get(), memberId, cardId)) {
            return refused(row, memberId, IssuanceOutcome.NUMBER_TAKEN);
        }
        if (!lookups.hold(memberId, cardId)) {
            throw new IllegalStateException("a live card appeared while the batch was locked");
        }
        boolean declined = applicant.debitCredit() && type == CardType.DEBIT;
        // The member's union now: a transfer after the hand-over files the card where the holder is.
        CardIssued issued = new CardIssued(cardId, memberId, fact.unionId(), row.batchId(), row.runId(),
                number.get(), type, passed.branch(), row.issuedOn());
        cards.newInstance(() -> new Card(issued, declined));
        return new IssuanceResult(row.row(), memberId, cardId, IssuanceOutcome.ISSUED);
    }

    /** A name as compared with the member's: trimmed, inner spaces collapsed, half width, composed. */
    private static String comparable(String name) {
        return Text.nfc(Text.collapseWhitespace(Text.toHalfWidth(name)));
    }

    private static IssuanceResult refused(IssueCard row, String memberId, IssuanceOutcome outcome) {
        return new IssuanceResult(row.row(), memberId, null, outcome);
    }
}
