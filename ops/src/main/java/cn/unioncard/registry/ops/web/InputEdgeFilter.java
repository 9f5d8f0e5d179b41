package cn.unioncard.registry.ops.web;

import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.validation.Violations;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;

/**
 * Every query parameter (name and value) and every header value is checked once, before
 * authentication or any handler reads it: an unsafe character ({@link UnsafeCharacters}) or a
 * malformed escape is a {@code 400 invalid-input} naming the parameter or header. Path variables
 * are checked by {@link PathVariableCheck}, JSON strings by {@link JsonInputCheck}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class InputEdgeFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    InputEdgeFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Violations v = new Violations();
        checkQuery(v, request.getQueryString());
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                UnsafeCharacters.check(v, name, UnsafeCharacters.headerText(value));
            }
        }
        if (v.hasErrors()) {
            Problems.write(response, json, Problems.body(request, Kind.INVALID_INPUT,
                    "请求参数或请求头包含不允许的字符", "a parameter or header holds a character that is not allowed",
                    v.list()));
            return;
        }
        chain.doFilter(request, response);
    }

    private static void checkQuery(Violations v, String query) {
        for (UnsafeCharacters.QueryPair pair : UnsafeCharacters.pairs(query)) {
            String field = pair.name().map(UnsafeCharacters::shown).orElse("query");
            if (pair.name().isEmpty() || pair.value().isEmpty()) {
                UnsafeCharacters.malformedQuery(v, field);
                continue;
            }
            int before = v.list().size();
            UnsafeCharacters.check(v, field, pair.name().get());
            if (v.list().size() == before) {
                UnsafeCharacters.check(v, field, pair.value().get());
            }
        }
    }
}
