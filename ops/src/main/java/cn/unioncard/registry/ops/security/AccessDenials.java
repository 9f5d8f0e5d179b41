package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AccessDenied;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.DenialKind;
import cn.unioncard.registry.ops.web.RefusalRecorder;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerMapping;

import java.util.UUID;

/**
 * Records denied attempts as AccessDenied events, published like a recorded read (query.audit.AccessLog),
 * for the DPO's review and the alerts. A denial that cannot be recorded is logged (its kind only) and the
 * refusal still goes out: the caller got nothing, so nothing is owed a record before answering.
 */
@Component
class AccessDenials implements RefusalRecorder {

    /** The actor of a login under a name no account has: the name itself is never stored. */
    static final String UNKNOWN_USER = "?";

    private static final Logger log = LoggerFactory.getLogger(AccessDenials.class);

    private final EventBus events;

    AccessDenials(EventBus events) {
        this.events = events;
    }

    /** A refusal answered by a controller to a signed-in caller (scope 404, role 403, missing purpose). */
    @Override
    public void refused(DenialKind kind, HttpServletRequest request) {
        Actor actor = CurrentActor.get();
        if (actor == null) {
            return; // only signed-in callers have an actor here; a 401 is answered before any controller
        }
        Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        if (pattern == null) {
            return; // no controller took the request: no endpoint to name
        }
        record(actor, kind, request.getMethod(), pattern.toString(), null);
    }

    /** A refused login by its anonymous actor; {@code attemptedUserKey} only for an unknown name (actor "?"). */
    void login(Actor anonymous, DenialKind kind, String attemptedUserKey) {
        record(anonymous, kind, "POST", "/api/auth/token", attemptedUserKey);
    }

    private void record(Actor actor, DenialKind kind, String method, String endpoint, String attemptedUserKey) {
        AccessDenied denied = new AccessDenied(UUID.randomUUID().toString(), kind, method, method + " " + endpoint,
                attemptedUserKey);
        try {
            events.publish(GenericEventMessage.asEventMessage(denied).andMetaData(AuditMetadata.of(actor)));
        } catch (RuntimeException e) {
            log.error("Could not record a denied attempt ({}); the refusal is answered anyway: {}", kind,
                    e.getClass().getName());
        }
    }
}
