package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.command.account.TokenVersions;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.ops.RegistryProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token version is checked on every request; when the database cannot be reached for it the
 * request is answered 503 (as every request during an outage), not a failure of the filter chain.
 */
class ActorFilterTest {

    @TempDir
    Path dataDir;

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aTokenCheckedWhileTheDatabaseIsUnreachableIsAnsweredServiceUnavailable() throws Exception {
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        RegistryProperties properties = new RegistryProperties(dataDir, null, null,
                new RegistryProperties.Auth(Duration.ofHours(1), secret), null);
        // Nothing listens on port 1: every lookup fails to connect, as in an outage.
        JdbcTemplate unreachable = new JdbcTemplate(
                new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/registry?connectTimeout=2", "x", "y"));
        TokenService tokens = new TokenService(new SigningSecret(properties), properties, new TokenVersions(unreachable));
        Jwt jwt = tokens.decoder().decode(tokens.issue("admin", Role.CITY_ADMIN, "city", false, 0).accessToken());
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
        boolean[] entryPointUsed = {false};
        ActorFilter filter = new ActorFilter(new ObjectMapper(), tokens, (request, response, e) -> entryPointUsed[0] = true);

        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/unions");
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode body = new ObjectMapper().readTree(response.getContentAsByteArray());
        assertThat(body.path("type").asText()).isEqualTo("/problems/database-unavailable");
        assertThat(chain.getRequest()).as("the request went on down the chain").isNull();
        assertThat(entryPointUsed[0]).as("answered as unauthenticated").isFalse();
        assertThat(CurrentActor.get()).isNull();
    }
}
