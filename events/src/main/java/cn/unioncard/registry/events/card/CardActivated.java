package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.LocalDate;

/** The card was activated in person; the free insurance cover ({@link InsuranceCover#STANDARD}) starts on {@code coverStartsOn}. */
public record CardActivated(@NotPersonal("an id") String cardId,
                            @DataSubject String memberId,
                            ActivationChannel channel,
                            @NotPersonal("a bank branch's name") String branch,
                            @NotPersonal("the date of the event") LocalDate activatedOn,
                            @NotPersonal("the date the cover starts") LocalDate coverStartsOn,
                            @NotPersonal("the staff account that recorded it, kept for audit") String recordedBy)
        implements CardEvent {
}
