package cn.unioncard.registry.events.account;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** An account was opened for a person acting for an organisation (a union id). */
@NotPersonal("a staff account: kept to audit who did what")
public record UserAccountCreated(String username, String displayName, Role role, String organisationId,
                                 boolean passwordChangeRequired) implements AccountEvent {
}
