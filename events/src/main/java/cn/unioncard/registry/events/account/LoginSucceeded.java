package cn.unioncard.registry.events.account;

/** A user logged in. */
public record LoginSucceeded(String username) {
}
