package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** A user logged in. */
@NotPersonal("a staff account: kept to audit who did what")
public record LoginSucceeded(String username) implements AccountEvent {
}
