package cn.unioncard.registry.events.card;

/**
 * Everything that can happen to a member's card (工会卡), listed in one place. Each event names the
 * card and its holder; the card number travels only in {@link CardIssued} and {@link CardNumberChanged},
 * encrypted under the holder's key (PIPL art. 28: financial account data).
 */
public sealed interface CardEvent permits CardIssued, QualificationDeclined, CardHandedOut, CardActivated,
        CardNumberChanged, CardCancelled, InsuranceCoverEnded {

    /** The card (its aggregate id): a member may hold a later card after one was cancelled. */
    String cardId();

    /** The holder, whose key seals the card's personal data. */
    String memberId();
}
