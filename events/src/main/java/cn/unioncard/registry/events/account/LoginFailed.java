package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** A wrong password was given; {@code consecutiveFailures} counts since the last success or lockout. */
@NotPersonal("a staff account: kept to audit who did what")
public record LoginFailed(String username, int consecutiveFailures) {
}
