package cn.unioncard.registry.events.account;

/** An account was opened for a person acting for an organisation (a union id). */
public record UserAccountCreated(String username, String displayName, Role role, String organisationId,
                                 boolean passwordChangeRequired) {
}
