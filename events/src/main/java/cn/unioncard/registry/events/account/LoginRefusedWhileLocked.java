package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.Instant;

/**
 * A login was attempted on a locked account and refused without checking the password. No longer
 * written (a refusal is now counted, not stored, so a flood cannot grow the event stream); kept so
 * that earlier stores still read.
 */
@NotPersonal("a staff account: kept to audit who did what")
public record LoginRefusedWhileLocked(String username, Instant lockedUntil) implements AccountEvent {
}
