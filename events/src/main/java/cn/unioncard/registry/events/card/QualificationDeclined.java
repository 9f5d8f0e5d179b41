package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * A debit-credit (借贷合一卡) applicant was issued a debit card: the bank's qualification review
 * declined the credit part (seed: a member who fails it falls back to a debit card).
 */
public record QualificationDeclined(@NotPersonal("an id") String cardId,
                                    @DataSubject String memberId,
                                    @NotPersonal("a batch id") String batchId) implements CardEvent {
}
