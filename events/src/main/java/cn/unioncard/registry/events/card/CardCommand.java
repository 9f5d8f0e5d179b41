package cn.unioncard.registry.events.card;

/**
 * Everything one can ask about members' cards, listed in one place (the events: {@link CardEvent}).
 * Issuance targets the batch the bank was handed (a batch's rows are serialised); the rest target
 * the member whose current card it is, as the paths {@code /api/members/{id}/card/…} do.
 */
public sealed interface CardCommand permits IssueCard, RecordIssuanceRun, RecordCardHandedOut, RecordCardsHandedOut,
        ActivateCard, ChangeCardNumber, CancelCard {
}
