package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.member.MemberSupport;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Small HTTP correctness: /error is no resource, chain ranges are checked, the export says what it
 * is, If-Match compares strongly, 401s name the Bearer scheme, and the API description tells the
 * statuses and parameters the endpoints really have.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpEdgesTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = MemberSupport.cityId(api, admin);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void errorAskedForDirectlyIsANotFoundProblemWhateverTheMethod() {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            for (String token : new String[] {null, admin}) {
                Response r = api.send(api.request("/error", token, "Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString("{}")));
                assertThat(r.status()).as("%s /error (token: %s): %s", method, token != null, r).isEqualTo(404);
                assertThat(r.problemType()).isEqualTo("/problems/not-found");
            }
        }
        // Errors forwarded to /error keep their own status (a NUL in the path is Tomcat's 400).
        assertThat(api.get("/api/unions/%00", admin).problemType()).isEqualTo("/problems/bad-request");
    }

    @Test
    void theApiDescriptionHasNoErrorPathAndTheStatusesTheEndpointsAnswer() {
        JsonNode paths = api.get("/v3/api-docs", null).json().path("paths");
        assertThat(paths.has("/error")).isFalse();

        // Statuses the endpoints really answered in this registry.
        Response district = api.post("/api/unions", admin, Forms.district(cityId, "思明区总工会"));
        assertThat(district.status()).isEqualTo(201);
        assertDocumented(paths, "/api/unions", "post", district.status());
        String id = district.json().path("unionId").asText();
        Response updated = api.put("/api/unions/" + id, admin, Forms.district(cityId, "思明区总工会委员会"),
                "If-Match", district.header("ETag").orElseThrow());
        assertThat(updated.status()).as("%s", updated).isEqualTo(204);
        assertDocumented(paths, "/api/unions/{id}", "put", updated.status());
        for (String creation : List.of("/api/users", "/api/unions/{unionId}/members")) {
            assertDocumented(paths, creation, "post", 201);
        }
        for (String noContent : List.of("/api/members/{id}/erasure", "/api/members/{id}/withdrawal",
                "/api/members/{id}/transfer", "/api/members/{id}/authorisation")) {
            assertDocumented(paths, noContent, "post", 204);
        }
        assertDocumented(paths, "/api/members/{id}", "patch", 204);

        for (String read : List.of("/api/members/{id}", "/api/members/{id}/history")) {
            assertThat(parameterNames(paths.path(read).path("get"))).as(read).contains("purpose");
        }
        assertThat(parameterNames(paths.path("/api/unions/{id}").path("get"))).doesNotContain("purpose");

        // Every API operation documents its refusals as problem documents.
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (path.getKey().startsWith("/api/")) {
                JsonNode responses = op.getValue().path("responses");
                for (String status : List.of("400", "401", "503")) {
                    assertThat(responses.path(status).path("content").has("application/problem+json"))
                            .as("%s %s documents a %s problem", op.getKey(), path.getKey(), status).isTrue();
                }
            }
        }));
    }

    private static void assertDocumented(JsonNode paths, String path, String method, int status) {
        JsonNode responses = paths.path(path).path(method).path("responses");
        assertThat(responses.has(String.valueOf(status))).as("%s %s documents %d: %s", method, path, status,
                responses).isTrue();
        assertThat(responses.has("200")).as("%s %s does not claim 200", method, path).isFalse();
    }

    private static List<String> parameterNames(JsonNode operation) {
        return StreamSupport.stream(operation.path("parameters").spliterator(), false)
                .map(p -> p.path("name").asText()).toList();
    }

    @Test
    void anEmptyOrOutOfChainRangeIsRefusedNamingTheParameter() {
        long head = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        assertRefused("/api/audit/verify?from=10&to=1", "to");
        assertRefused("/api/audit/verify?from=" + head + "&to=1", "to");
        assertRefused("/api/audit/verify?from=-5&to=-1", "from", "to");
        assertRefused("/api/audit/verify?from=9223372036854775807", "from");
        assertRefused("/api/audit/verify?from=" + (head + 1), "from");
        assertRefused("/api/audit/verify?from=0&to=3", "from");
        assertRefused("/api/audit/export?from=3&to=2", "to");

        // An event of an earlier request may commit after a later one (out of index order): a verify whose
        // snapshot missed it counts one fewer than a count made afterwards, so ask again once it has landed.
        long[] checkedAndStored = new long[2];
        assertThat(eventually(5_000, () -> {
            Response all = api.get("/api/audit/verify", admin);
            assertThat(all.status()).as("%s", all).isEqualTo(200);
            assertThat(all.json().path("intact").asBoolean()).isTrue();
            checkedAndStored[0] = all.json().path("eventsChecked").asLong();
            checkedAndStored[1] = registry.jdbc().queryForObject(
                    "select count(*) from domain_event_entry where global_index <= ?", Long.class,
                    all.json().path("to").asLong());
            return checkedAndStored[0] == checkedAndStored[1];
        })).as("events checked %s, stored %s", checkedAndStored[0], checkedAndStored[1]).isTrue();
        assertThat(checkedAndStored[0]).isPositive();
        Response two = api.get("/api/audit/verify?from=1&to=2", admin);
        assertThat(two.json().path("eventsChecked").asLong()).as("%s", two).isEqualTo(2);
    }

    private void assertRefused(String path, String... fields) {
        long before = registry.eventCount();
        Response r = api.get(path, admin);
        assertThat(r.status()).as("%s: %s", path, r).isEqualTo(400);
        assertThat(r.problemType()).isEqualTo("/problems/invalid-input");
        assertThat(StreamSupport.stream(r.json().path("errors").spliterator(), false)
                .map(e -> e.path("field").asText())).as(path).contains(fields);
        assertThat(registry.eventCount()).as("nothing recorded for %s", path).isEqualTo(before);
    }

    @Test
    void theExportSaysItIsNdjsonAndARequestForJsonIsToldSo() {
        Response export = api.get("/api/audit/export", admin);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("application/x-ndjson");
        assertThat(export.body().lines().findFirst().orElseThrow()).contains("\"format\"");
        assertThat(api.get("/api/audit/export", admin, "Accept", "application/x-ndjson").status()).isEqualTo(200);

        Response json = api.get("/api/audit/export", admin, "Accept", "application/json", "Accept-Language", "en");
        assertThat(json.status()).as("%s", json).isEqualTo(406);
        assertThat(json.problemType()).isEqualTo("/problems/not-acceptable");
        assertThat(json.json().path("detail").asText()).contains("application/x-ndjson")
                .doesNotContain("application/json");
    }

    @Test
    void ifMatchComparesStronglyAndRefusesMalformedTags() {
        Response created = api.post("/api/unions", admin, Forms.district(cityId, "湖里区总工会"));
        String path = "/api/unions/" + created.json().path("unionId").asText();
        String etag = api.get(path, admin).header("ETag").orElseThrow();
        String version = etag.replace("\"", "");
        long before = registry.eventCount();

        Response weak = api.put(path, admin, Forms.district(cityId, "湖里区总工会一"), "If-Match", "W/" + etag);
        assertThat(weak.status()).as("%s", weak).isEqualTo(412);
        assertThat(weak.problemType()).isEqualTo("/problems/stale-version");
        for (String malformed : List.of(version, "'" + version + "'", "W/" + version, "*, " + etag)) {
            Response r = api.put(path, admin, Forms.district(cityId, "湖里区总工会二"), "If-Match", malformed);
            assertThat(r.status()).as("If-Match: %s → %s", malformed, r).isEqualTo(400);
            assertThat(r.json().path("errors").get(0).path("field").asText()).isEqualTo("If-Match");
        }
        assertThat(registry.eventCount()).as("nothing stored by a refused update").isEqualTo(before);

        Response strong = api.put(path, admin, Forms.district(cityId, "湖里区总工会"), "If-Match", etag);
        assertThat(strong.status()).as("%s", strong).isEqualTo(204);
        Response any = api.put(path, admin, Forms.district(cityId, "湖里区总工会"), "If-Match", "*");
        assertThat(any.status()).as("%s", any).isEqualTo(204);
    }

    @Test
    void everyUnauthorisedAnswerNamesTheBearerScheme() {
        Response none = api.get("/api/unions", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("WWW-Authenticate")).hasValue("Bearer");
        assertThat(none.problemType()).isEqualTo("/problems/unauthenticated");

        Response refused = api.get("/api/unions", "not-a-token");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).hasValueSatisfying(h ->
                assertThat(h).startsWith("Bearer").contains("error=\"invalid_token\"").doesNotContain("not-a-token"));
        assertThat(refused.problemType()).isEqualTo("/problems/unauthenticated");

        Response wrongPassword = api.token(ADMIN, "not-the-password");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.header("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).startsWith("Bearer"));
        assertThat(wrongPassword.problemType()).isEqualTo("/problems/unauthenticated");
        assertThat(api.get("/api/unions", admin).header("WWW-Authenticate")).isEmpty();
    }
}
