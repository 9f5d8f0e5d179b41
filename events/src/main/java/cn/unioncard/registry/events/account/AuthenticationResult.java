package cn.unioncard.registry.events.account;

import java.time.Instant;

/**
 * What a login attempt answers. Failures are answers, not exceptions, so their events are kept.
 * {@code tokenVersion} is the account's current one, for the token issued on success.
 */
public record AuthenticationResult(Outcome outcome, String username, Role role, String organisationId,
                                   boolean passwordChangeRequired, Instant lockedUntil, long tokenVersion) {
    public enum Outcome { SUCCEEDED, FAILED, LOCKED }

    public static AuthenticationResult failed(String username) {
        return new AuthenticationResult(Outcome.FAILED, username, null, null, false, null, 0);
    }

    public static AuthenticationResult locked(String username, Instant until) {
        return new AuthenticationResult(Outcome.LOCKED, username, null, null, false, until, 0);
    }
}
