package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.LocalDate;

/** The card reached its holder in person, who signed its strip and the sheet; recorded by a union clerk. */
public record CardHandedOut(@NotPersonal("an id") String cardId,
                            @DataSubject String memberId,
                            @NotPersonal("the date of the event") LocalDate handedOutOn,
                            @NotPersonal("the staff account that recorded it, kept for audit") String recordedBy)
        implements CardEvent {
}
