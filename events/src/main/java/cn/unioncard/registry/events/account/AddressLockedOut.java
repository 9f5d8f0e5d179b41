package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.Instant;

/**
 * Five wrong passwords in a row from one client address: that address may not try this account
 * again until {@code lockedUntil}. Every other address is unaffected.
 */
@NotPersonal("a staff account and the address its logins came from: kept to audit who did what")
public record AddressLockedOut(String username, String clientAddress, Instant lockedUntil) implements AccountEvent {
}
