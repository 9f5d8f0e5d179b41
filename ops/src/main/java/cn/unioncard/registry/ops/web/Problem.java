package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.validation.Violation;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Map;

/**
 * What a failure answers before it is put into a request's language: its kind (status, type, titles)
 * and the detail in both languages, with the violations of invalid input.
 */
record Problem(Kind kind, String zh, String en, List<Violation> violations) {

    Problem(Kind kind, String zh, String en) {
        this(kind, zh, en, null);
    }

    Map<String, Object> body(HttpServletRequest request) {
        return Problems.body(request, kind, zh, en, violations);
    }
}
