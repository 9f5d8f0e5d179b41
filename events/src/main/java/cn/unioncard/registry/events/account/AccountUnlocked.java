package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * An administrator lifted every login lock of the account (whole account and per address) and
 * cleared its failure counts; who did it is in the event's metadata.
 */
@NotPersonal("a staff account: kept to audit who did what")
public record AccountUnlocked(String username) implements AccountEvent {
}
