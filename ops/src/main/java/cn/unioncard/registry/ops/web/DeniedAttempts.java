package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.audit.DenialKind;
import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;

/**
 * Which answered problems are denied attempts for the DPO's record: a 404 (outside the caller's
 * scope looks like nothing), a 403 (a reveal when full data was asked for), a 400 for a missing purpose.
 */
final class DeniedAttempts {

    private DeniedAttempts() {
    }

    /** The kind of denial {@code problem} is, or null when it is none. */
    static DenialKind of(Problem problem, HttpServletRequest request) {
        if (problem.kind() == Kind.NOT_FOUND) {
            return DenialKind.OUT_OF_SCOPE;
        }
        if (problem.kind() == Kind.FORBIDDEN) {
            return "true".equalsIgnoreCase(request.getParameter("reveal")) ? DenialKind.REVEAL_NOT_ALLOWED
                    : DenialKind.FORBIDDEN;
        }
        List<Violation> violations = problem.violations();
        if (problem.kind() == Kind.INVALID_INPUT && violations != null && violations.stream()
                .anyMatch(v -> "purpose".equals(v.field()) && "purpose.required".equals(v.code()))) {
            return DenialKind.PURPOSE_MISSING;
        }
        return null;
    }
}
