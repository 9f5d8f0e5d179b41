package cn.unioncard.registry.events.account;

/** A wrong password was given; {@code consecutiveFailures} counts since the last success or lockout. */
public record LoginFailed(String username, int consecutiveFailures) {
}
