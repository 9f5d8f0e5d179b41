package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.Instant;

/** Too many wrong passwords in a row: logins are refused until {@code lockedUntil}. */
@NotPersonal("a staff account: kept to audit who did what")
public record AccountLocked(String username, Instant lockedUntil) {
}
