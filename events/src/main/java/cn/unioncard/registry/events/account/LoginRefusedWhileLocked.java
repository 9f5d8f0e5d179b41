package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.Instant;

/** A login was attempted on a locked account and refused without checking the password. */
@NotPersonal("a staff account: kept to audit who did what")
public record LoginRefusedWhileLocked(String username, Instant lockedUntil) {
}
