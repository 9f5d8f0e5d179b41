package cn.unioncard.registry.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A thin REST client for the running registry: JSON in, {@link Response} out. */
public final class Api {

    public static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
    private final String base;

    public Api(int port) {
        this.base = "http://localhost:" + port;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    /** A status, headers and the body as text, with the body as JSON on demand. */
    public record Response(int status, HttpResponse<String> raw) {
        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + raw.body(), e);
            }
        }

        public Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        /** The problem document's type, after checking that this is one. */
        public String problemType() {
            assertThat(contentType()).as("content type of %s", this).startsWith("application/problem+json");
            JsonNode body = json();
            assertThat(body.path("status").asInt()).as("status in the problem body").isEqualTo(status);
            return body.path("type").asText();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GETs a file: the status and the body's bytes (a spreadsheet, a report). */
    public HttpResponse<byte[]> download(String path, String token, String... headers) {
        try {
            return http.send(request(path, token, headers).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String token, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    public Response get(String path, String token, String... headers) {
        return send(request(path, token, headers).GET());
    }

    /** POSTs {@code body} as JSON (a String is sent as it is). */
    public Response post(String path, String token, Object body, String... headers) {
        return send(request(path, token, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text(body), StandardCharsets.UTF_8)));
    }

    public Response put(String path, String token, Object body, String... headers) {
        return send(request(path, token, headers).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(text(body), StandardCharsets.UTF_8)));
    }

    /** The login answer, whatever it is. */
    public Response token(String username, String password) {
        return post("/api/auth/token", null, Map.of("username", username, "password", password));
    }

    /** Logs in and returns the bearer token; fails the test unless the login succeeds. */
    public String login(String username, String password) {
        Response r = token(username, password);
        assertThat(r.status()).as("login of %s: %s", username, r).isEqualTo(200);
        return r.json().path("accessToken").asText();
    }

    /** Logs in with a one-time password, changes it and returns the token that works. */
    public String loginAndChangePassword(String username, String oneTimePassword, String newPassword) {
        Response r = token(username, oneTimePassword);
        assertThat(r.status()).as("login of %s: %s", username, r).isEqualTo(200);
        assertThat(r.json().path("passwordChangeRequired").asBoolean()).isTrue();
        Response changed = post("/api/auth/password", r.json().path("accessToken").asText(),
                Map.of("currentPassword", oneTimePassword, "newPassword", newPassword));
        assertThat(changed.status()).as("password change of %s: %s", username, changed).isEqualTo(200);
        assertThat(changed.json().path("passwordChangeRequired").asBoolean()).isFalse();
        return changed.json().path("accessToken").asText();
    }

    /** A request body as sent: a string as it is, anything else as JSON. */
    public static String text(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
