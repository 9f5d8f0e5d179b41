package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * An administrator gave the account a one-time password (neither it nor its hash is in the event), to
 * be changed at the next login; every earlier token stopped working and every login lock was lifted.
 * Who did it is in the event's metadata.
 */
@NotPersonal("a staff account: kept to audit who did what")
public record PasswordReset(String username) implements AccountEvent {
}
