package cn.unioncard.registry.events.account;

/** A user set a new password (the password itself is never in an event). */
public record PasswordChanged(String username) {
}
