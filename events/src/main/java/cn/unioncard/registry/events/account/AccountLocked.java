package cn.unioncard.registry.events.account;

import java.time.Instant;

/** Too many wrong passwords in a row: logins are refused until {@code lockedUntil}. */
public record AccountLocked(String username, Instant lockedUntil) {
}
