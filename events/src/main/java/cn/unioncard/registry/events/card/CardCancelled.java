package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.LocalDate;

/** The card was closed without a replacement; {@code coverEndsOn} is the cover's end (null: it never started or had ended). */
public record CardCancelled(@NotPersonal("an id") String cardId,
                            @DataSubject String memberId,
                            CardCancellationReason reason,
                            @NotPersonal("the date of the event") LocalDate cancelledOn,
                            @NotPersonal("the date the cover ends") LocalDate coverEndsOn,
                            @NotPersonal("the staff account that recorded it, kept for audit") String cancelledBy)
        implements CardEvent {
}
