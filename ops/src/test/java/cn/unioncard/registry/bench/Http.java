package cn.unioncard.registry.bench;

import cn.unioncard.registry.it.Api;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The driver's HTTP client: HTTP/1.1 keep-alive connections to the registry, bearer tokens, JSON. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .proxy(HttpClient.Builder.NO_PROXY)
            .build();
    private final String base;

    Http(int port) {
        this.base = "http://localhost:" + port;
    }

    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + shortBody(), e);
            }
        }

        Answer expect(int expected, String what) {
            if (status != expected) {
                throw new IllegalStateException(what + ": expected " + expected + ", got " + status + " " + shortBody());
            }
            return this;
        }

        String shortBody() {
            return body.length() > 300 ? body.substring(0, 300) + "…" : body;
        }
    }

    Answer get(String path, String token) {
        return send(request(path, token).GET());
    }

    Answer post(String path, String token, Object body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Api.text(body), StandardCharsets.UTF_8)));
    }

    /** POSTs {@code file} as the multipart part {@code file}, as a browser's upload form does. */
    Answer upload(String path, String token, Path file) throws IOException {
        String boundary = "----registry-bench-" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/vnd.openxmlformats-officedocument"
                + ".spreadsheetml.sheet\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        return send(request(path, token).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, Files.readAllBytes(file), tail))));
    }

    /** GETs {@code path} into {@code file}; answers the status. */
    int download(String path, String token, Path file) throws IOException, InterruptedException {
        return client.send(request(path, token).GET().build(), HttpResponse.BodyHandlers.ofFile(file)).statusCode();
    }

    /** Logs in, changing a one-time password to {@code newPassword} as a new user must; answers the token. */
    String login(String username, String password, String newPassword) {
        JsonNode t = post("/api/auth/token", null, Map.of("username", username, "password", password))
                .expect(200, "login of " + username).json();
        String token = t.path("accessToken").asText();
        if (!t.path("passwordChangeRequired").asBoolean()) {
            return token;
        }
        return post("/api/auth/password", token, Map.of("currentPassword", password, "newPassword", newPassword))
                .expect(200, "password change of " + username).json().path("accessToken").asText();
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
