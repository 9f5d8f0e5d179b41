package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.command.account.TokenVersions;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.ops.RegistryProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token version is checked on every request; when the database cannot be reached for it the
 * request is answered 503 (as every request during an outage), not a failure of the filter chain.
 * The stated purpose is stored in events: taken only where the edge checks, refused when unsafe or too long.
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
                new RegistryProperties.Auth(Duration.ofHours(1), secret), null, null, null, null, null, null, null, null);
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

    // ---------------------------------------------------------------- the stated purpose

    /** A filter whose token is current (version 0), and the actor the chain saw. */
    private Actor[] seen;
    private MockHttpServletResponse response;

    private MockHttpServletRequest purposeRequest(String method, String path) throws Exception {
        String secret = Base64.getEncoder().encodeToString(new byte[32]);
        RegistryProperties properties = new RegistryProperties(dataDir, null, null,
                new RegistryProperties.Auth(Duration.ofHours(1), secret), null, null, null, null, null, null, null, null);
        TokenService tokens = new TokenService(new SigningSecret(properties), properties, new TokenVersions(null) {
            @Override
            public OptionalLong current(String username) {
                return OptionalLong.of(0);
            }
        });
        Jwt jwt = tokens.decoder().decode(tokens.issue("0200001", Role.UNION_OPERATOR, "u-1", false, 0).accessToken());
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
        filter = new ActorFilter(new ObjectMapper(), tokens, (req, res, e) -> res.setStatus(401));
        seen = new Actor[1];
        response = new MockHttpServletResponse();
        return new MockHttpServletRequest(method, path);
    }

    private ActorFilter filter;

    private void send(MockHttpServletRequest request) throws Exception {
        filter.doFilter(request, response, new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) {
                seen[0] = CurrentActor.get();
            }
        }));
    }

    private void assertRefusedNamingPurpose() throws Exception {
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode body = new ObjectMapper().readTree(response.getContentAsByteArray());
        assertThat(body.path("errors").findValuesAsText("field")).containsExactly("purpose");
        assertThat(seen[0]).as("nothing handled the request").isNull();
    }

    @Test
    void aPurposeInAFormBodyIsNotTakenForTheStatedOne() throws Exception {
        MockHttpServletRequest request = purposeRequest("POST", "/api/users/x/unlock");
        // What Tomcat's getParameter gives for an urlencoded body "purpose=%E2%80%AE%00", which the edge never sees.
        request.setContentType("application/x-www-form-urlencoded");
        request.setContent("purpose=%E2%80%AE%00".getBytes(StandardCharsets.US_ASCII));
        request.addParameter("purpose", "\u202E\u0000");
        send(request);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(seen[0].purpose()).isNull();
    }

    @Test
    void aChinesePurposeHeaderIsReadAsUtf8() throws Exception {
        String purpose = "核对工会卡申请资料";
        MockHttpServletRequest request = purposeRequest("GET", "/api/members/m-1");
        // Tomcat reads header bytes as ISO-8859-1.
        request.addHeader("X-Purpose", new String(purpose.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        send(request);
        assertThat(seen[0].purpose()).isEqualTo(purpose);
    }

    @Test
    void aPurposeHeaderWithAnOverrideInUtf8IsRefusedAndNamed() throws Exception {
        MockHttpServletRequest request = purposeRequest("GET", "/api/members/m-1");
        request.addHeader("X-Purpose", new String("核对\u202E资料".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1));
        send(request);
        assertRefusedNamingPurpose();
    }

    @Test
    void aQueryPurposeWithANulIsRefusedAndNamed() throws Exception {
        MockHttpServletRequest request = purposeRequest("GET", "/api/members/m-1");
        request.setQueryString("reveal=true&purpose=QA%20check%00x");
        request.addParameter("purpose", "QA check\u0000x");
        send(request);
        assertRefusedNamingPurpose();
    }

    @Test
    void aPurposeOfMoreThan200CharactersIsRefusedAndNamedAnd200AreKept() throws Exception {
        MockHttpServletRequest longer = purposeRequest("GET", "/api/members/m-1");
        longer.setQueryString("purpose=" + URLEncoder.encode("核".repeat(201), StandardCharsets.UTF_8));
        send(longer);
        assertRefusedNamingPurpose();

        MockHttpServletRequest limit = purposeRequest("GET", "/api/members/m-1");
        limit.setQueryString("purpose=" + URLEncoder.encode("核".repeat(200), StandardCharsets.UTF_8));
        send(limit);
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(seen[0].purpose()).isEqualTo("核".repeat(200));
    }
}
