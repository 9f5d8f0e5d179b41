package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** A user set a new password (the password itself is never in an event). */
@NotPersonal("a staff account: kept to audit who did what")
public record PasswordChanged(String username) implements AccountEvent {
}
