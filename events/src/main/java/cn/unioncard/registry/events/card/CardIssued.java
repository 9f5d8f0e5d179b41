package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;

import java.time.LocalDate;

/** The bank issued the member a card of {@code cardType} (as actually issued) at {@code branch}. */
public record CardIssued(@NotPersonal("an id") String cardId,
                         @DataSubject String memberId,
                         @NotPersonal("a union id") String unionId,
                         @NotPersonal("a batch id") String batchId,
                         @NotPersonal("an issuance run id") String runId,
                         @PersonalData String cardNumber,
                         CardType cardType,
                         @NotPersonal("a bank branch's name") String branch,
                         @NotPersonal("the date of the event") LocalDate issuedOn) implements CardEvent {
}
