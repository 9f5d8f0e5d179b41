package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * A wrong password was given; {@code consecutiveFailures} counts those from the same client address
 * (in the metadata) since its last success or lock. Events from before issue 8 counted all addresses.
 */
@NotPersonal("a staff account: kept to audit who did what")
public record LoginFailed(String username, int consecutiveFailures) implements AccountEvent {
}
