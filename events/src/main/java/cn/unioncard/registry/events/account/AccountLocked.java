package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.Instant;

/**
 * Too many wrong passwords from addresses that never logged in to the account: until
 * {@code lockedUntil} (at most 15 minutes) only addresses it has logged in from before may try.
 * Tokens stay valid: anyone who knows the name can start such a lock. (Events written before
 * issue 8 meant a lock for every address.)
 */
@NotPersonal("a staff account: kept to audit who did what")
public record AccountLocked(String username, Instant lockedUntil) implements AccountEvent {
}
