package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.audit.DenialKind;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the problem handler hands a refusal that is a denied attempt, so that it becomes a record
 * (ops.security knows the actor; this package must not depend on it). Must not throw.
 */
public interface RefusalRecorder {

    void refused(DenialKind kind, HttpServletRequest request);
}
