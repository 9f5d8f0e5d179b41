package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.LocalDate;

/** The holder withdrew from the union: the card stays the holder's, but the union's free cover ends that day. */
public record InsuranceCoverEnded(@NotPersonal("an id") String cardId,
                                  @DataSubject String memberId,
                                  @NotPersonal("the date the cover ends") LocalDate endedOn) implements CardEvent {
}
