package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.problem.RegistryProblem.Kind;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.ops.web.Problems;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Stateless bearer-token security. Only logging in, health, metrics and the API description are
 * open; everything else needs a token, and controllers receive the caller as an {@link Actor}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration implements WebMvcConfigurer {

    @Bean
    SecurityFilterChain api(HttpSecurity http, TokenService tokens, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            // RFC 6750 §3: name the scheme, and say why when a token was sent and refused.
            // The error code is one of RFC 6750's fixed words (invalid_token, invalid_request), never the token.
            response.setHeader("WWW-Authenticate", e instanceof OAuth2AuthenticationException o
                    ? "Bearer error=\"" + o.getError().getErrorCode() + "\"" : "Bearer");
            Problems.write(response, json, Problems.body(request, Kind.UNAUTHENTICATED,
                    "请先登录（POST /api/auth/token），并以 Authorization: Bearer 令牌访问",
                    "log in first (POST /api/auth/token) and send Authorization: Bearer <token>", null));
        };
        AccessDeniedHandler denied = (request, response, e) -> Problems.write(response, json,
                Problems.body(request, Kind.FORBIDDEN, "您的角色不能进行此操作",
                        "your role cannot do this", null));
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.POST, "/api/auth/token").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/actuator/info", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**", "/error").permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(j -> j.decoder(tokens.decoder()))
                        .authenticationEntryPoint(unauthenticated)
                        .accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .addFilterAfter(new ActorFilter(json, tokens, unauthenticated), BearerTokenAuthenticationFilter.class);
        return http.build();
    }

    /**
     * No Spring Security observations (a timer and a long-task timer around each filter of the chain,
     * the bearer token's authentication and the authorisation decision, on every request): together
     * they cost more than the token check itself, and every request is still timed and counted by
     * status as {@code http.server.requests}. Logins do not pass through Spring's authentication
     * manager, so no login metric is lost.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return Actor.class.equals(parameter.getParameterType());
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                          NativeWebRequest request, WebDataBinderFactory binders) {
                Actor actor = CurrentActor.get();
                if (actor == null) {
                    throw new RegistryProblem(RegistryProblem.Kind.UNAUTHENTICATED, "请先登录", "authentication required");
                }
                return actor;
            }
        });
    }
}
