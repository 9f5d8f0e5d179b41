package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.InsuranceCover;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.card.QualificationDeclined;

import java.time.LocalDate;

/** A member's card as it stood, folded from the card's events as the card projection folds them. */
final class CardAsOf {

    record Cover(LocalDate startsOn, LocalDate endsOn, int trafficAccidentCny, int roadPassengerCny,
                 int hospitalDailyCny, int hospitalMaxDays) {
    }

    /** {@code cardNumber} as the controller decides to show it (masked, revealed or erased). */
    record State(String cardId, String batchId, CardState state, String cardNumber, String cardType, String branch,
                 LocalDate issuedOn, LocalDate handedOutOn, LocalDate activatedOn, String activationChannel,
                 boolean qualificationDeclined, LocalDate cancelledOn, String cancelReason, Cover cover) {
    }

    /** The number in clear and the cover's dates, kept aside while folding. */
    private static final class Fold {
        String number;
        LocalDate coverStartsOn;
        LocalDate coverEndsOn;
        State s = new State(null, null, null, null, null, null, null, null, null, null, false, null, null, null);
    }

    private CardAsOf() {
    }

    /** The state, with {@code shown} turning the clear number into what the answer may carry. */
    static State fold(AsOfEvents.Trail trail, java.util.function.UnaryOperator<String> shown) {
        Fold f = new Fold();
        for (AsOfEvents.Past p : trail.events()) {
            State s = f.s;
            Object e = p.payload();
            if (e instanceof CardIssued i) {
                f.number = i.cardNumber();
                f.s = new State(i.cardId(), i.batchId(), CardState.ISSUED, null, i.cardType() == null ? null
                        : i.cardType().name(), i.branch(), i.issuedOn(), null, null, null, false, null, null, null);
            } else if (e instanceof CardHandedOut h) {
                f.s = with(s, CardState.HANDED_OUT, h.handedOutOn(), s.activatedOn(), s.activationChannel(), s.cancelledOn(),
                        s.cancelReason(), s.qualificationDeclined());
            } else if (e instanceof CardActivated a) {
                f.coverStartsOn = a.coverStartsOn();
                f.coverEndsOn = null;
                f.s = with(s, CardState.ACTIVATED, s.handedOutOn(), a.activatedOn(), a.channel().name(), s.cancelledOn(),
                        s.cancelReason(), s.qualificationDeclined());
            } else if (e instanceof CardNumberChanged n) {
                f.number = n.newNumber();
            } else if (e instanceof CardCancelled c) {
                f.coverEndsOn = c.coverEndsOn() != null ? c.coverEndsOn() : f.coverEndsOn;
                f.s = with(s, CardState.CANCELLED, s.handedOutOn(), s.activatedOn(), s.activationChannel(), c.cancelledOn(),
                        c.reason().name(), s.qualificationDeclined());
            } else if (e instanceof InsuranceCoverEnded x) {
                f.coverEndsOn = x.endedOn();
            } else if (e instanceof QualificationDeclined) {
                f.s = with(s, s.state(), s.handedOutOn(), s.activatedOn(), s.activationChannel(), s.cancelledOn(),
                        s.cancelReason(), true);
            }
        }
        State s = f.s;
        InsuranceCover c = InsuranceCover.STANDARD;
        Cover cover = f.coverStartsOn == null ? null : new Cover(f.coverStartsOn, f.coverEndsOn, c.trafficAccidentCny(),
                c.roadPassengerCny(), c.hospitalDailyCny(), c.hospitalMaxDays());
        return new State(s.cardId(), s.batchId(), s.state(), f.number == null ? null : shown.apply(f.number),
                s.cardType(), s.branch(), s.issuedOn(), s.handedOutOn(), s.activatedOn(), s.activationChannel(),
                s.qualificationDeclined(), s.cancelledOn(), s.cancelReason(), cover);
    }

    private static State with(State s, CardState state, LocalDate handedOutOn, LocalDate activatedOn, String channel,
                              LocalDate cancelledOn, String cancelReason, boolean declined) {
        return new State(s.cardId(), s.batchId(), state, null, s.cardType(), s.branch(), s.issuedOn(), handedOutOn,
                activatedOn, channel, declined, cancelledOn, cancelReason, null);
    }
}
