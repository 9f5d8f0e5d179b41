package cn.unioncard.registry.ops.web;

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
import java.util.Optional;

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
            Problems.write(response, json, Problems.body(request, 400, "invalid-input", "输入有误", "Invalid input",
                    "请求参数或请求头包含不允许的字符", "a parameter or header holds a character that is not allowed",
                    v.list()));
            return;
        }
        chain.doFilter(request, response);
    }

    private static void checkQuery(Violations v, String query) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            Optional<String> name = UnsafeCharacters.decode(eq < 0 ? pair : pair.substring(0, eq));
            Optional<String> value = eq < 0 ? Optional.of("") : UnsafeCharacters.decode(pair.substring(eq + 1));
            String field = name.map(UnsafeCharacters::shown).orElse("query");
            if (name.isEmpty() || value.isEmpty()) {
                v.error(field, "query.encoding", "查询参数的百分号编码无效或不是 UTF-8",
                        "the parameter's percent-encoding is malformed or not UTF-8");
                continue;
            }
            int before = v.list().size();
            UnsafeCharacters.check(v, field, name.get());
            if (v.list().size() == before) {
                UnsafeCharacters.check(v, field, value.get());
            }
        }
    }
}
