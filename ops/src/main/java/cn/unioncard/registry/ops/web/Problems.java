package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.validation.Violation;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 9457 problem details, Chinese unless the client asks for English (docs/design.md §5). The
 * {@code type} is stable and documented; {@code detail} is for people.
 */
public final class Problems {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    public static boolean english(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        if (header == null || header.isBlank()) {
            return false;
        }
        // The first listed language decides; q-values rarely matter for a thin client.
        return header.trim().toLowerCase(Locale.ROOT).startsWith("en");
    }

    /** A problem of a {@link Kind}: its status, type and titles are the kind's. */
    public static Map<String, Object> body(HttpServletRequest request, Kind kind, String zh, String en,
                                           List<Violation> violations) {
        return body(request, kind.status, kind.type, kind.titleZh, kind.titleEn, zh, en, violations);
    }

    public static Map<String, Object> body(HttpServletRequest request, int status, String type, String titleZh,
                                           String titleEn, String zh, String en, List<Violation> violations) {
        boolean english = english(request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "/problems/" + type);
        body.put("title", english ? titleEn : titleZh);
        body.put("status", status);
        body.put("detail", english ? en : zh);
        body.put("instance", request.getRequestURI());
        String correlationId = MDC.get("correlationId");
        if (correlationId != null) {
            body.put("correlationId", correlationId);
        }
        if (violations != null && !violations.isEmpty()) {
            body.put("errors", violations.stream().map(v -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("field", v.field());
                e.put("code", v.code());
                e.put("severity", v.severity().name());
                e.put("message", english ? v.en() : v.zh());
                return e;
            }).toList());
        }
        return body;
    }

    public static ResponseEntity<Object> entity(Map<String, Object> body) {
        return ResponseEntity.status((Integer) body.get("status")).contentType(PROBLEM_JSON).body(body);
    }

    /** For filters, which answer before Spring MVC's exception handling exists. */
    public static void write(HttpServletResponse response, ObjectMapper json, Map<String, Object> body)
            throws IOException {
        response.setStatus((Integer) body.get("status"));
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
