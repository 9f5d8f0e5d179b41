package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.LocalDate;

/** The approved batch's list reached the bank: from now on its members' data is with the bank too. */
public record BatchHandedToBank(@NotPersonal("an id") String batchId,
                                @NotPersonal("a union id") String unionId,
                                @NotPersonal("a bank branch's name") String branch,
                                @NotPersonal("the date of the event") LocalDate handedOverOn,
                                @NotPersonal("the union clerk who carried it, kept for audit") String carriedBy)
        implements BatchEvent {
}
