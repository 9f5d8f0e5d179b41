package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.Instant;

/**
 * Too many wrong passwords from addresses that never logged in to the account: until
 * {@code lockedUntil} only addresses it has logged in from before may try, and every token issued
 * before the lock is revoked. (Events written before issue 8 meant a lock for every address.)
 */
@NotPersonal("a staff account: kept to audit who did what")
public record AccountLocked(String username, Instant lockedUntil) {
}
