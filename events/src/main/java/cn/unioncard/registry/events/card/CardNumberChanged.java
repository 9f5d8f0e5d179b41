package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;
import cn.unioncard.registry.events.privacy.PersonalData;

import java.time.LocalDate;

/** The card's number changed from {@code oldNumber} to {@code newNumber}; both stay sealed under the holder's key. */
public record CardNumberChanged(@NotPersonal("an id") String cardId,
                                @DataSubject String memberId,
                                @PersonalData String oldNumber,
                                @PersonalData String newNumber,
                                CardNumberChangeReason reason,
                                @NotPersonal("the date of the event") LocalDate reportedOn,
                                @NotPersonal("the staff account that recorded it, kept for audit") String changedBy)
        implements CardEvent {
}
