package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client sends, the answer is a 4xx problem document, never a 500, and nothing is
 * written to the event store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;
    private long eventsBefore;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = api.get("/api/unions?level=CITY", admin).json().path("items").get(0).path("id").asText();
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @BeforeEach
    void countEvents() {
        eventsBefore = registry.eventCount();
    }

    @AfterEach
    void nothingWasWritten() {
        assertThat(registry.eventCount()).as("events in the store").isEqualTo(eventsBefore);
    }

    @Test
    void anUnknownFieldIsNamed() {
        Response r = api.post("/api/unions", admin,
                "{\"parentId\":\"" + cityId + "\",\"level\":\"DISTRICT\",\"name\":\"思明区总工会\",\"colour\":\"red\"}");
        assertProblem(r, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.errorFor(r.json(), "colour").path("code").asText()).isEqualTo("unknown-field");

        Response login = api.post("/api/auth/token", null,
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\",\"rememberMe\":true}");
        assertProblem(login, 400, "/problems/invalid-input");
    }

    @Test
    void aWrongTypeIsNamed() {
        List<String[]> wrong = List.of(
                new String[] {"members", "\"many\""},
                new String[] {"members", "12.5"},
                new String[] {"members", "\"12\""},
                new String[] {"members", "99999999999999"},
                new String[] {"hasPartyOrganisation", "\"yes\""},
                new String[] {"level", "\"PROVINCE\""},
                new String[] {"filledOn", "\"2024-13-45\""},
                new String[] {"name", "{\"zh\":\"x\"}"},
                new String[] {"parentId", "[1]"});
        for (String[] field : wrong) {
            Map<String, String> raw = new LinkedHashMap<>();
            raw.put("parentId", "\"" + cityId + "\"");
            raw.put("level", "\"DISTRICT\"");
            raw.put("name", "\"思明区总工会\"");
            raw.put(field[0], field[1]);
            String body = raw.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                    .collect(Collectors.joining(",", "{", "}"));
            Response r = api.post("/api/unions", admin, body);
            assertProblem(r, 400, "/problems/invalid-input");
            assertThat(RegistryFlowTest.fields(r.json())).as("%s: %s", body, r).containsExactly(field[0]);
        }
    }

    @Test
    void malformedJsonIsRefused() {
        for (String body : List.of("{\"parentId\":", "{parentId: 1}", "not json at all", "[1,2,3]", "\"a string\"",
                "{\"name\":\"a\"}{\"name\":\"b\"}")) {
            Response r = api.post("/api/unions", admin, body);
            assertThat(r.status()).as("%s → %s", body, r).isEqualTo(400);
            assertThat(r.problemType()).as(body).startsWith("/problems/");
        }
        assertProblem(api.post("/api/unions", admin, "{\"parentId\":"), 400, "/problems/malformed-json");
        Response empty = api.post("/api/unions", admin, "");
        assertThat(empty.status()).as("%s", empty).isEqualTo(400);
        Response nul = api.post("/api/auth/token", null, "null");
        assertThat(nul.status()).as("%s", nul).isEqualTo(400);
        Response noPassword = api.post("/api/auth/token", null, "{\"username\":\"admin\"}");
        assertProblem(noPassword, 400, "/problems/invalid-input");
    }

    @Test
    void aBodyOverOneMegabyteWithContentLengthIsRefusedBeforeItIsRead() {
        byte[] body = hugeJson(1024 * 1024 + 512);
        Response r = api.send(api.request("/api/unions", admin, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertProblem(r, 413, "/problems/body-too-large");
        // Also before authentication.
        Response anonymous = api.send(api.request("/api/auth/token", null, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertProblem(anonymous, 413, "/problems/body-too-large");
    }

    @Test
    void aChunkedBodyOverOneMegabyteIsCutOff() {
        byte[] body = hugeJson(3 * 1024 * 1024);
        // No length known in advance: the client sends the body chunked.
        Response r = api.send(api.request("/api/unions", admin, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertProblem(r, 413, "/problems/body-too-large");
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAndJudgedOnItsContent() {
        byte[] body = hugeJson(1024 * 1024 - 64);
        Response r = api.send(api.request("/api/unions", admin, "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        new ByteArrayInputStream(body), InputStream.nullInputStream()))));
        assertProblem(r, 400, "/problems/invalid-input");
    }

    @Test
    void badQueryParametersAreRefused() {
        assertProblem(api.get("/api/unions?level=FOO", admin), 400, "/problems/invalid-input");
        assertProblem(api.get("/api/unions?size=0", admin), 400, "/problems/invalid-input");
        assertProblem(api.get("/api/unions?size=10000", admin), 400, "/problems/invalid-input");
        assertProblem(api.get("/api/unions?page=-1", admin), 400, "/problems/invalid-input");
        assertProblem(api.get("/api/unions?page=abc", admin), 400, "/problems/invalid-input");
        assertProblem(api.get("/api/unions?size=99999999999", admin), 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.fields(api.get("/api/unions?level=FOO", admin).json())).containsExactly("level");
        // A huge page number is no error, just an empty page.
        Response far = api.get("/api/unions?page=100000", admin);
        assertThat(far.status()).as("%s", far).isEqualTo(200);
        assertThat(far.json().path("items").size()).isZero();
        Response percent = api.get("/api/unions?q=%25_%5C", admin);
        assertThat(percent.status()).as("%s", percent).isEqualTo(200);
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        Response text = api.send(api.request("/api/unions", admin, "Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("name=思明区总工会")));
        assertProblem(text, 415, "/problems/unsupported-media-type");
        Response form = api.send(api.request("/api/auth/token", null, "Content-Type",
                "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                "username=admin&password=" + ADMIN_PASSWORD)));
        assertThat(form.status()).as("%s", form).isEqualTo(415);
        Response none = api.send(api.request("/api/unions", admin).POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(none.status()).as("%s", none).isBetween(400, 499);
        assertThat(none.problemType()).startsWith("/problems/");
        Response xml = api.send(api.request("/api/unions", admin, "Content-Type", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<union/>")));
        assertProblem(xml, 415, "/problems/unsupported-media-type");
    }

    @Test
    void otherMisdirectedRequestsAreProblemsToo() {
        assertProblem(api.get("/api/nothing-here", admin), 404, "/problems/not-found");
        assertProblem(api.send(api.request("/api/unions", admin).DELETE()), 405, "/problems/method-not-allowed");
        Response badIfMatch = api.put("/api/unions/" + cityId, admin, "{\"name\":\"厦门市总工会\"}", "If-Match", "abc");
        assertThat(badIfMatch.status()).as("%s", badIfMatch).isBetween(400, 499);
        Response unknownUnion = api.put("/api/unions/no-such-union", admin, "{\"name\":\"某工会\"}", "If-Match", "\"1\"");
        assertProblem(unknownUnion, 404, "/problems/not-found");
        Response wrongAccept = api.get("/api/unions", admin, "Accept", "application/xml");
        assertThat(wrongAccept.status()).as("%s", wrongAccept).isEqualTo(406);
    }

    /** Refused by Tomcat before any filter runs: still a problem document, in the client's language. */
    @Test
    void addressesTomcatRefusesAreProblemsToo() {
        for (String path : List.of("/api/unions/%00", "/api/unions/a%5Cb", "/api/members/%00/history")) {
            Response r = api.get(path, admin);
            assertProblem(r, 400, "/problems/bad-request");
            assertThat(r.json().path("detail").asText()).isEqualTo("请求的地址或格式无效");
        }
        Response en = api.get("/api/unions/%00", null, "Accept-Language", "en");
        assertProblem(en, 400, "/problems/bad-request");
        assertThat(en.json().path("detail").asText()).isEqualTo("the request's address or form is not valid");
    }

    // Unions and accounts share the event store's aggregate identifiers: a union id is no user name.
    @Test
    void loggingInWithAUnionIdAsUserNameIsNoServerError() {
        Response login = api.token(cityId, "Whatever-123456");
        assertProblem(login, 401, "/problems/unauthenticated");
    }

    @Test
    void openingAnAccountNamedLikeAUnionIsNoServerError() {
        Response opened = api.post("/api/users", admin,
                Map.of("username", cityId, "displayName", "某人", "role", "AUDITOR", "unionId", cityId));
        assertThat(opened.status()).as("%s", opened).isBetween(400, 499);
        assertThat(opened.problemType()).isIn("/problems/conflict", "/problems/invalid-input");
    }

    @Test
    void onlyTheRolesOfPeopleCanBeGivenToAnAccount() {
        for (String role : List.of("SYSTEM", "ANONYMOUS")) {
            Response r = api.post("/api/users", admin,
                    Map.of("username", "role-" + role.toLowerCase(), "displayName", "某人", "role", role, "unionId", cityId));
            assertProblem(r, 400, "/problems/invalid-input");
            assertThat(RegistryFlowTest.fields(r.json())).as("%s", role).contains("role");
        }
    }

    @Test
    void aPageFarBeyondTheLastIsNoServerError() {
        for (String query : List.of("/api/unions?page=2147483647&size=200", "/api/unions?page=20000000&size=200",
                "/api/users?page=2147483647&size=200")) {
            Response r = api.get(query, admin);
            assertThat(r.status()).as("%s: %s", query, r).isIn(200, 400);
            if (r.status() == 200) {
                assertThat(r.json().path("items").size()).isZero();
            } else {
                assertThat(r.problemType()).isEqualTo("/problems/invalid-input");
            }
        }
    }

    @Test
    void requestsRefusedBeforeReachingAControllerAreProblemDocumentsToo() {
        for (String path : List.of("/api/unions/x;jsessionid=1", "/api/unions//")) {
            Response r = api.get(path, admin);
            assertThat(r.status()).as("%s: %s", path, r).isBetween(400, 499);
            assertThat(r.problemType()).as(path).startsWith("/problems/");
        }
    }

    // ---------------------------------------------------------------- unsafe characters at the edge (issue 8)

    @Test
    void aNulInAQueryParameterIsRefusedAndNamed() {
        Response r = api.get("/api/unions?parentId=%00", admin);
        assertProblem(r, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.errorFor(r.json(), "parentId").path("code").asText())
                .isEqualTo("text.control-characters");
        Response en = api.get("/api/unions?q=%E2%80%AE%E5%B7%A5%E4%BC%9A", admin, "Accept-Language", "en");
        assertProblem(en, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.errorFor(en.json(), "q").path("message").asText()).contains("invisible");
        assertThat(RegistryFlowTest.fields(api.get("/api/unions?page=0&size=20%C2%85", admin).json()))
                .containsExactly("size");
        assertThat(RegistryFlowTest.fields(api.get("/api/unions?q=%FF", admin).json())).containsExactly("q");
        // A name with a NUL cannot be shown as it is: the answer escapes it.
        assertThat(RegistryFlowTest.fields(api.get("/api/unions?le%00vel=CITY", admin).json()))
                .containsExactly("le\\u0000vel");
    }

    @Test
    void aRevealWhosePurposeHoldsANulIsRefusedAndNothingIsRecorded() {
        String member = registerMember();
        long before = registry.eventCount();
        Response r = api.get("/api/members/" + member + "?reveal=true&purpose=QA%20check%00x", admin);
        assertProblem(r, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.fields(r.json())).containsExactly("purpose");
        assertThat(r.body()).doesNotContain("idNumber");
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    void aControlCharacterInAPathVariableIsRefusedAndNamed() {
        for (String unsafe : List.of("%01", "%C2%85", "%E2%80%AE", "%E2%80%8B", "%EF%BB%BF")) {
            Response r = api.get("/api/unions/" + cityId + unsafe, admin);
            assertProblem(r, 400, "/problems/invalid-input");
            assertThat(RegistryFlowTest.fields(r.json())).as(unsafe).containsExactly("id");
        }
    }

    @Test
    void anUnsafeCharacterInAHeaderIsRefusedAndNamed() {
        RawHttp raw = new RawHttp(registry.port());
        String rlo = new String("\u202E".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        for (String value : List.of("QA\u0085check", "QA" + rlo + "check")) {
            RawHttp.Answer a = raw.send("GET", "/api/unions", List.of(new String[] {"Authorization", "Bearer " + admin},
                    new String[] {"X-Purpose", value}), null);
            assertThat(a.status()).as("%s", a).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/problem+json");
            // Header names are case-insensitive; Tomcat hands them over in lower case.
            assertThat(a.body()).containsIgnoringCase("\"field\":\"X-Purpose\"");
        }
        // A purpose in Chinese comes as UTF-8 bytes, some of them 0x80–0x9F (会 is E4 BC 9A): text, not controls.
        for (String purpose : List.of("QA check", "核对会员信息")) {
            String sent = new String(purpose.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
            RawHttp.Answer fine = raw.send("GET", "/api/unions", List.of(new String[] {"Authorization", "Bearer " + admin},
                    new String[] {"X-Purpose", sent}), null);
            assertThat(fine.status()).as("%s: %s", purpose, fine).isEqualTo(200);
        }
    }

    @Test
    void aJsonNumberOrBooleanWhereTextIsExpectedIsRefusedAndNamed() {
        for (String value : List.of("true", "12", "12.5", "{}", "[]", "[\"思明区总工会\"]")) {
            Response r = api.post("/api/unions", admin,
                    "{\"parentId\":\"" + cityId + "\",\"level\":\"DISTRICT\",\"name\":" + value + "}");
            assertProblem(r, 400, "/problems/invalid-input");
            assertThat(RegistryFlowTest.fields(r.json())).as(value).containsExactly("name");
        }
        Response reason = api.post("/api/members/" + registerMember() + "/withdrawal", admin, "{\"reason\":12}");
        assertProblem(reason, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.fields(reason.json())).containsExactly("reason");
    }

    @Test
    void aControlOrInvisibleCharacterInAnyJsonStringIsRefusedWithItsPath() {
        Map<String, String> cases = Map.of(
                "{\"parentId\":\"" + cityId + "\",\"level\":\"DISTRICT\",\"name\":\"思明\\u0000区\"}", "name",
                "{\"parentId\":\"" + cityId + "\",\"level\":\"DIS\\u0001TRICT\",\"name\":\"思明区\"}", "level",
                "{\"parentId\":\"" + cityId + "\",\"level\":\"DISTRICT\",\"name\":\"思明\\u202E区\"}", "name",
                "{\"parentId\":\"" + cityId + "\",\"level\":\"DISTRICT\",\"name\":\"\\uFEFF思明区\"}", "name",
                "{\"parentId\":\"" + cityId + "\",\"level\":\"DISTRICT\",\"name\":\"思明区\",\"filledOn\":\"2024-05-20\\u0000\"}",
                "filledOn");
        cases.forEach((body, field) -> {
            Response r = api.post("/api/unions", admin, body);
            assertProblem(r, 400, "/problems/invalid-input");
            assertThat(RegistryFlowTest.fields(r.json())).as(body).containsExactly(field);
        });
        Response login = api.post("/api/auth/token", null, "{\"username\":\"admin\\u0000\",\"password\":\"x\"}");
        assertProblem(login, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.fields(login.json())).containsExactly("username");
        Response user = api.post("/api/users", admin,
                Map.of("username", "display-x", "displayName", "某\u0001人", "role", "AUDITOR", "unionId", cityId));
        assertProblem(user, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.fields(user.json())).containsExactly("displayName");
    }

    @Test
    void aTransferTargetWithATrailingNulIsRefused() {
        String member = registerMember();
        Response r = api.post("/api/members/" + member + "/transfer", admin,
                Map.of("toSystemCode", grassrootsCode + "\u0000", "newEmployerName", "厦门某某公司"));
        assertProblem(r, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.fields(r.json())).containsExactly("toSystemCode");
    }

    @Test
    void memberFormsThatOnlyLookRightAreRefused() {
        String union = grassrootsId();
        eventsBefore = registry.eventCount();
        String id = ResidentIds.of("350203", LocalDate.of(1990, 3, 1), 7);
        Map<String, Object[]> wrong = new LinkedHashMap<>();
        wrong.put("nationality", new Object[] {"ZZZ", "nationality.unknown"});
        wrong.put("workStart", new Object[] {"1900-01", "year-month.format"});
        wrong.put("unionJoin", new Object[] {"1989-12", "year-month.before-birth"});
        wrong.put("name", new Object[] {"张\u202E三", "text.invisible-characters"});
        wrong.put("contactAddress", new Object[] {"厦门市\u200B思明区", "text.invisible-characters"});
        for (Map.Entry<String, Object[]> w : wrong.entrySet()) {
            Map<String, Object> form = MemberData.form("王五", id, "13912345678").json();
            form.put(w.getKey(), w.getValue()[0]);
            Response r = api.post("/api/unions/" + union + "/members", admin, form);
            assertProblem(r, 400, "/problems/invalid-input");
            assertThat(RegistryFlowTest.errorFor(r.json(), w.getKey()).path("code").asText()).as(w.getKey())
                    .isEqualTo(w.getValue()[1]);
        }
        Response region = api.post("/api/unions/" + union + "/members", admin,
                MemberData.form("王五",
                        ResidentIds.of("999999", LocalDate.of(1990, 3, 1), 7),
                        "13912345678").json());
        assertProblem(region, 400, "/problems/invalid-input");
        assertThat(RegistryFlowTest.errorFor(region.json(), "idNumber").path("code").asText()).isEqualTo("id-number.region");
    }

    private String grassrootsId;
    private String grassrootsCode;
    private int members;

    /** A grassroots union under a new district, made once. */
    private String grassrootsId() {
        if (grassrootsId == null) {
            Response d = api.post("/api/unions", admin, Forms.district(cityId, "坏输入区总工会"));
            Response g = api.post("/api/unions", admin,
                    Forms.minimalGrassroots(d.json().path("unionId").asText(), "坏输入基层工会"));
            assertThat(g.status()).as("%s", g).isEqualTo(201);
            grassrootsId = g.json().path("unionId").asText();
            grassrootsCode = g.json().path("systemCode").asText();
        }
        return grassrootsId;
    }

    /** A new member of that union (and the union first, if needed); the set-up's events are not the test's. */
    private String registerMember() {
        String union = grassrootsId();
        Response m = api.post("/api/unions/" + union + "/members", admin,
                MemberData.form("赵六",
                        ResidentIds.of("350206",
                                LocalDate.of(1980, 1, 1).plusDays(members++), 11), "13712345678").json());
        assertThat(m.status()).as("%s", m).isEqualTo(201);
        eventsBefore = registry.eventCount();
        return m.json().path("memberId").asText();
    }

    private static void assertProblem(Response r, int status, String type) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.problemType()).as("%s", r).isEqualTo(type);
        assertThat(r.json().path("detail").asText()).isNotBlank();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    /** A syntactically valid union form whose name is long enough to make the body {@code size} bytes. */
    private byte[] hugeJson(int size) {
        String head = "{\"parentId\":\"" + cityId + "\",\"level\":\"DISTRICT\",\"name\":\"";
        String tail = "\"}";
        char[] filler = new char[size - head.length() - tail.length()];
        Arrays.fill(filler, 'a');
        return (head + new String(filler) + tail).getBytes(StandardCharsets.US_ASCII);
    }
}
