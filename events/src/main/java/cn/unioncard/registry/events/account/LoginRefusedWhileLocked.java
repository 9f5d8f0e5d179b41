package cn.unioncard.registry.events.account;

import java.time.Instant;

/** A login was attempted on a locked account and refused without checking the password. */
public record LoginRefusedWhileLocked(String username, Instant lockedUntil) {
}
