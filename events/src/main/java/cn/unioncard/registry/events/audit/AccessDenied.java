package cn.unioncard.registry.events.audit;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * Someone tried to read or change something and was refused: a record like a read, for the DPO's
 * review and the alerts. It names no member and no personal data: only what kind of refusal, the
 * request's method and path template, and for a login under an unknown name a keyed hash of that
 * name ({@code attemptedUserKey}; never the name). The actor is in the metadata like on every event
 * ({@code ANONYMOUS} for a failed login).
 */
public record AccessDenied(@NotPersonal("an id") String denialId, DenialKind kind,
                           @NotPersonal("an HTTP method") String method,
                           @NotPersonal("a path template, never the path with its ids") String endpoint,
                           @NotPersonal("a keyed hash: names nobody without the registry's key") String attemptedUserKey)
        implements AuditEvent {
}
