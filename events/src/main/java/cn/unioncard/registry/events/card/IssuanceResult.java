package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * What one row of a bank return came to: the member it matched (null when none), the card made
 * (null unless issued) and the outcome. Holds no number and no name, so a run's report can be kept.
 */
@NotPersonal("a row number, ids and an outcome code")
public record IssuanceResult(int row, String memberId, String cardId, IssuanceOutcome outcome) {

    public boolean issued() {
        return outcome == IssuanceOutcome.ISSUED;
    }
}
