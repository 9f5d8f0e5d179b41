package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.ops.web.CorrelationIdFilter;
import cn.unioncard.registry.ops.web.Problems;
import cn.unioncard.registry.ops.web.StatedPurpose;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Turns a checked bearer token into the request's {@link Actor} once its version is the account's
 * current one, and holds every endpoint but the password change closed while the account still
 * has to change its password.
 */
class ActorFilter extends OncePerRequestFilter {

    static final String PASSWORD_PATH = "/api/auth/password";

    private final ObjectMapper json;
    private final TokenService tokens;
    private final AuthenticationEntryPoint unauthenticated;

    ActorFilter(ObjectMapper json, TokenService tokens, AuthenticationEntryPoint unauthenticated) {
        this.json = json;
        this.tokens = tokens;
        this.unauthenticated = unauthenticated;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!(auth != null && auth.getPrincipal() instanceof Jwt jwt)) {
            chain.doFilter(request, response);
            return;
        }
        if (!isCurrent(jwt, request, response)) {
            return;
        }
        if (Boolean.TRUE.equals(jwt.getClaimAsBoolean(TokenService.PASSWORD_CHANGE_CLAIM))
                && !PASSWORD_PATH.equals(request.getRequestURI())) {
            Problems.write(response, json, Problems.body(request, 403, "password-change-required",
                    "需要修改密码", "Password change required",
                    "首次登录须先修改密码（POST " + PASSWORD_PATH + "），然后使用新的令牌",
                    "change your password first (POST " + PASSWORD_PATH + ") and use the new token", null));
            return;
        }
        // Stored in events: only from where the edge looked, and checked again as free text.
        Violations invalid = new Violations();
        String purpose = StatedPurpose.of(request, invalid);
        if (invalid.hasErrors()) {
            Problems.write(response, json, Problems.body(request, Kind.INVALID_INPUT,
                    "所述用途不能包含控制字符或不可见字符，且不超过 " + StatedPurpose.MAX_LENGTH + " 个字符",
                    "the stated purpose must hold no control or invisible character and at most "
                            + StatedPurpose.MAX_LENGTH + " characters", invalid.list()));
            return;
        }
        CurrentActor.set(new Actor(jwt.getSubject(), Role.valueOf(jwt.getClaimAsString(TokenService.ROLE_CLAIM)),
                jwt.getClaimAsString(TokenService.ORGANISATION_CLAIM), request.getRemoteAddr(),
                CorrelationIdFilter.current(), purpose));
        try {
            chain.doFilter(request, response);
        } finally {
            CurrentActor.clear();
        }
    }

    /**
     * A token issued before a password change or a lock of its account is refused like an invalid
     * one (the same 401 as the security chain's). Checked here rather than in the token decoder so
     * that an unreachable database answers 503, not a failure of the whole filter chain.
     */
    private boolean isCurrent(Jwt jwt, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        try {
            if (tokens.isCurrent(jwt)) {
                return true;
            }
        } catch (DataAccessException unreachable) {
            SecurityContextHolder.clearContext();
            // As every other 503 of an outage (ProblemHandler): clients back off for as long.
            response.setHeader("Retry-After", "5");
            Problems.write(response, json, Problems.body(request, Kind.DATABASE_UNAVAILABLE,
                    "数据库暂时无法访问，请稍后重试；您的请求未被处理",
                    "the database is unavailable; your request was not processed, try again later", null));
            return false;
        }
        SecurityContextHolder.clearContext();
        unauthenticated.commence(request, response, new InvalidBearerTokenException("the token was revoked"));
        return false;
    }
}
