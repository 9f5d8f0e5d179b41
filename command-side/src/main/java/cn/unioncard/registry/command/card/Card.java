package cn.unioncard.registry.command.card;

import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancellationReason;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChangeReason;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.LocalDate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One union card from issuance to cancellation (ISSUED → HANDED_OUT → ACTIVATED; a number change keeps
 * the state). {@link CardCommandHandler} checks scope, role, input and the number index first; here
 * only the card's own order and dates are guarded, and a refused step names the card's state (409).
 */
@Aggregate
class Card {

    @AggregateIdentifier
    private String cardId;
    private String memberId;
    private String batchId;
    private CardState state;
    private String number;
    /** The date of the last step (issued, handed out, activated): no later step may be dated before it. */
    private LocalDate lastStepOn;
    private boolean coverRunning;

    Card() {
        // for Axon's event sourcing
    }

    /** A card issued; a debit-credit applicant given a debit card also had the qualification declined. */
    Card(CardIssued issued, boolean qualificationDeclined) {
        apply(issued);
        if (qualificationDeclined) {
            apply(new QualificationDeclined(issued.cardId(), issued.memberId(), issued.batchId()));
        }
    }

    void handOut(LocalDate handedOutOn, String recordedBy) {
        require(CardState.ISSUED, "发放", "hand out");
        notBefore("handedOutOn", handedOutOn);
        apply(new CardHandedOut(cardId, memberId, handedOutOn, recordedBy));
    }

    void activate(ActivationChannel channel, String branch, LocalDate activatedOn, String recordedBy) {
        require(CardState.HANDED_OUT, "启用", "activate");
        notBefore("activatedOn", activatedOn);
        apply(new CardActivated(cardId, memberId, channel, branch, activatedOn, activatedOn, recordedBy));
    }

    /** Any live card may get a new number; whether the number is free, the handler's index has decided. */
    void changeNumber(String newNumber, CardNumberChangeReason reason, LocalDate reportedOn, String changedBy) {
        requireLive("变更卡号", "change the number of");
        notBefore("reportedOn", reportedOn);
        apply(new CardNumberChanged(cardId, memberId, number, newNumber, reason, reportedOn, changedBy));
    }

    /** Closes a live card; a running cover ends the same day. */
    void cancel(CardCancellationReason reason, LocalDate cancelledOn, String cancelledBy) {
        requireLive("注销", "cancel");
        notBefore("cancelledOn", cancelledOn);
        apply(new CardCancelled(cardId, memberId, reason, cancelledOn, coverRunning ? cancelledOn : null, cancelledBy));
    }

    /** The holder withdrew: a running cover ends (nothing happens to a card without one). */
    void endCover(LocalDate endedOn) {
        if (coverRunning) {
            apply(new InsuranceCoverEnded(cardId, memberId, endedOn));
        }
    }

    /** Refuses (409, naming the state) a change of a card that is no longer live. */
    void requireLive(String zhStep, String enStep) {
        if (!state.live()) {
            throw stateConflict(zhStep, enStep);
        }
    }

    CardState state() {
        return state;
    }

    String batchId() {
        return batchId;
    }

    private void require(CardState expected, String zhStep, String enStep) {
        if (state != expected) {
            throw stateConflict(zhStep, enStep);
        }
    }

    private RegistryProblem stateConflict(String zhStep, String enStep) {
        return RegistryProblem.conflict("该工会卡" + state.zh() + "，不能" + zhStep,
                "the card is " + state.en() + ": cannot " + enStep + " it");
    }

    private void notBefore(String field, LocalDate on) {
        if (on.isBefore(lastStepOn)) {
            new Violations().error(field, "date.before-previous-step", "日期不能早于上一步（" + lastStepOn + "）",
                    "the date cannot be before the previous step (" + lastStepOn + ")").throwIfAny();
        }
    }

    @EventSourcingHandler
    void on(CardIssued event) {
        cardId = event.cardId();
        memberId = event.memberId();
        batchId = event.batchId();
        number = event.cardNumber();
        state = CardState.ISSUED;
        lastStepOn = event.issuedOn();
    }

    @EventSourcingHandler
    void on(CardHandedOut event) {
        state = CardState.HANDED_OUT;
        lastStepOn = event.handedOutOn();
    }

    @EventSourcingHandler
    void on(CardActivated event) {
        state = CardState.ACTIVATED;
        lastStepOn = event.activatedOn();
        coverRunning = true;
    }

    @EventSourcingHandler
    void on(CardNumberChanged event) {
        number = event.newNumber();
    }

    @EventSourcingHandler
    void on(CardCancelled event) {
        state = CardState.CANCELLED;
        coverRunning = false;
    }

    @EventSourcingHandler
    void on(InsuranceCoverEnded event) {
        coverRunning = false;
    }
}
