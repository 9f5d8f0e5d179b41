package cn.unioncard.registry.it;


import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.Bytes;
import cn.unioncard.registry.testing.Eventually;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries are safe (docs/design.md §5): a POST repeated with the same Idempotency-Key gets the first
 * answer again, one-time password included, and changes nothing more; the same key with another
 * request is refused; two at once make one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest {

    private static final String KEY = "Idempotency-Key";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;
    private String districtId;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = MemberSupport.cityId(api, admin);
        Response district = api.post("/api/unions", admin, Forms.district(cityId, "集美区总工会"));
        assertThat(district.status()).as("%s", district).isEqualTo(201);
        districtId = district.json().path("unionId").asText();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private long unionsNamed(String name) {
        return registry.jdbc().queryForObject("select count(*) from union_lookup u join union_view v on v.id = u.union_id "
                + "where v.name = ?", Long.class, name);
    }

    @Test
    void aRetriedUnionRegistrationAnswersTheSameAndRegistersOneUnion() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> form = Forms.minimalGrassroots(districtId, "厦门集美重试测试有限公司工会");
        Response first = api.post("/api/unions", admin, form, KEY, key);
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        long events = registry.eventCount();

        Response retry = api.post("/api/unions", admin, form, KEY, key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(unionsNamed("厦门集美重试测试有限公司工会")).isEqualTo(1);
        assertThat(registry.eventCount()).as("no event for the replay").isEqualTo(events);
        // the one-time password answered twice is the one that works
        assertThat(api.token(first.json().path("operatorUsername").asText(),
                retry.json().path("oneTimePassword").asText()).status()).isEqualTo(200);
        // and the stored answer holds it sealed, not in clear
        byte[] stored = registry.jdbc().queryForObject("select result from idempotency_record where idempotency_key = ?",
                byte[].class, key);
        assertThat(Bytes.contains(stored, first.json().path("oneTimePassword").asText().getBytes())).isFalse();
    }

    @Test
    void aRetryAfterAnAnswerThatNeverArrivedGetsTheFirstAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> form = Forms.minimalGrassroots(districtId, "厦门集美断线重试有限公司工会");
        // The client sends the whole request and hangs up without reading: the registry goes on and
        // commits, and its answer goes nowhere.
        byte[] body = Api.JSON.writeValueAsBytes(form);
        try (java.net.Socket socket = new java.net.Socket("localhost", registry.port())) {
            socket.getOutputStream().write(("POST /api/unions HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + admin + "\r\n" + KEY + ": " + key + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
        }
        assertThat(Eventually.eventually(20_000, () -> unionsNamed("厦门集美断线重试有限公司工会") == 1))
                .as("the request whose answer was never read was committed").isTrue();

        Response retry = api.post("/api/unions", admin, form, KEY, key);

        assertThat(retry.status()).as("%s", retry).isEqualTo(201);
        String stored = registry.jdbc().queryForObject("select u.union_id from union_lookup u join union_view v "
                + "on v.id = u.union_id where v.name = ?", String.class, "厦门集美断线重试有限公司工会");
        assertThat(retry.json().path("unionId").asText()).isEqualTo(stored);
        assertThat(unionsNamed("厦门集美断线重试有限公司工会")).isEqualTo(1);
    }

    @Test
    void withoutAKeyARetryRegistersASecondUnion() {
        Map<String, Object> form = Forms.minimalGrassroots(districtId, "厦门集美无键重试有限公司工会");
        assertThat(api.post("/api/unions", admin, form).status()).isEqualTo(201);
        assertThat(api.post("/api/unions", admin, form).status()).isEqualTo(201);
        assertThat(unionsNamed("厦门集美无键重试有限公司工会")).isEqualTo(2);
    }

    @Test
    void theSameKeyForAnotherRequestIsRefusedAndChangesNothing() {
        String key = UUID.randomUUID().toString();
        assertThat(api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门集美键一有限公司工会"), KEY, key)
                .status()).isEqualTo(201);
        long events = registry.eventCount();

        Response other = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门集美键二有限公司工会"),
                KEY, key);

        assertThat(other.status()).as("%s", other).isEqualTo(422);
        assertThat(other.problemType()).isEqualTo("/problems/idempotency-key-reused");
        assertThat(unionsNamed("厦门集美键二有限公司工会")).isZero();
        assertThat(registry.eventCount()).isEqualTo(events);
        Response en = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门集美键二有限公司工会"),
                KEY, key, "Accept-Language", "en");
        assertThat(en.json().path("detail").asText()).contains("different request");
    }

    @Test
    void keysBelongToTheirUser() {
        String key = "shared-key-" + UUID.randomUUID();
        Map<String, Object> form = Forms.minimalGrassroots(districtId, "厦门集美各自的键有限公司工会");
        assertThat(api.post("/api/unions", admin, form, KEY, key).status()).isEqualTo(201);
        String reviewer = MemberSupport.account(api, admin, "reviewer.jimei", "DISTRICT_REVIEWER", districtId);
        assertThat(api.post("/api/unions", reviewer, form, KEY, key).status()).isEqualTo(201);
        assertThat(unionsNamed("厦门集美各自的键有限公司工会")).isEqualTo(2);
    }

    @Test
    void twoIdenticalRequestsAtOnceMakeOneUnionAndGetOneAnswer() throws Exception {
        String key = UUID.randomUUID().toString();
        Map<String, Object> form = Forms.minimalGrassroots(districtId, "厦门集美同时提交有限公司工会");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Response>> both = List.of(() -> api.post("/api/unions", admin, form, KEY, key),
                    () -> api.post("/api/unions", admin, form, KEY, key));
            List<Response> answers = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(both)) {
                answers.add(f.get());
            }
            // the twin waited for the first and was given its answer
            assertThat(answers).allMatch(r -> r.status() == 201);
            assertThat(answers.get(0).json()).isEqualTo(answers.get(1).json());
        } finally {
            pool.shutdown();
        }
        assertThat(unionsNamed("厦门集美同时提交有限公司工会")).isEqualTo(1);
        assertThat(api.post("/api/unions", admin, form, KEY, key).status()).isEqualTo(201);
        assertThat(unionsNamed("厦门集美同时提交有限公司工会")).isEqualTo(1);
    }

    @Test
    void memberRegistrationsAccountsAndWithdrawalsRetrySafelyToo() {
        Response union = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门集美会员重试有限公司工会"));
        String unionId = union.json().path("unionId").asText();
        String operator = api.loginAndChangePassword(union.json().path("operatorUsername").asText(),
                union.json().path("oneTimePassword").asText(), "Operator-Password-I1");
        Map<String, Object> form = MemberData.form("郑雨桐",
                ResidentIds.of("350211", LocalDate.of(1991, 4, 2), 63), "13850001234").json();

        String key = UUID.randomUUID().toString();
        Response first = api.post("/api/unions/" + unionId + "/members", operator, form, KEY, key);
        Response retry = api.post("/api/unions/" + unionId + "/members", operator, form, KEY, key);
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        // without the key, the same form is refused: the person is already a member
        assertThat(api.post("/api/unions/" + unionId + "/members", operator, form).status()).isEqualTo(409);

        String memberId = first.json().path("memberId").asText();
        // a correction retried answers the same version; with another If-Match it is another request
        String patchKey = UUID.randomUUID().toString();
        Response corrected = MemberSupport.patch(api, "/api/members/" + memberId, operator,
                Map.of("mobile", "13850009999"), "If-Match", "\"0\"", KEY, patchKey);
        Response again = MemberSupport.patch(api, "/api/members/" + memberId, operator,
                Map.of("mobile", "13850009999"), "If-Match", "\"0\"", KEY, patchKey);
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(204);
        assertThat(again.status()).isEqualTo(204);
        assertThat(again.header("ETag")).isEqualTo(corrected.header("ETag"));
        assertThat(MemberSupport.patch(api, "/api/members/" + memberId, operator, Map.of("mobile", "13850009999"),
                "If-Match", "*", KEY, patchKey).status()).isEqualTo(422);

        String withdrawalKey = UUID.randomUUID().toString();
        Map<String, Object> reason = Map.of("reason", "调离本单位");
        assertThat(api.post("/api/members/" + memberId + "/withdrawal", operator, reason, KEY, withdrawalKey).status())
                .isEqualTo(204);
        assertThat(api.post("/api/members/" + memberId + "/withdrawal", operator, reason, KEY, withdrawalKey).status())
                .isEqualTo(204);
        assertThat(api.post("/api/members/" + memberId + "/withdrawal", operator, reason).status()).isEqualTo(409);

        String accountKey = UUID.randomUUID().toString();
        Map<String, Object> user = Map.of("username", "auditor.retry", "displayName", "审计 重试", "role", "AUDITOR",
                "unionId", cityId);
        Response opened = api.post("/api/users", admin, user, KEY, accountKey);
        Response reopened = api.post("/api/users", admin, user, KEY, accountKey);
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        assertThat(reopened.status()).isEqualTo(201);
        assertThat(reopened.json()).isEqualTo(opened.json());
        assertThat(api.token("auditor.retry", reopened.json().path("oneTimePassword").asText()).status())
                .isEqualTo(200);
    }

    @Test
    void theApiDescriptionOffersTheHeaderWhereItCounts() {
        Response docs = api.get("/v3/api-docs", admin);
        assertThat(docs.status()).as("%s", docs).isEqualTo(200);
        var paths = docs.json().path("paths");
        assertThat(paths.path("/api/unions").path("post").path("parameters").findValuesAsText("name"))
                .contains(KEY);
        assertThat(paths.path("/api/members/{id}").path("patch").path("parameters").findValuesAsText("name"))
                .contains(KEY);
        assertThat(paths.path("/api/auth/token").path("post").path("parameters").findValuesAsText("name"))
                .doesNotContain(KEY);
    }

    @Test
    void anUnauthenticatedRequestWithAKeyIsRefusedAsAnyOther() {
        Response r = api.post("/api/unions", null, Forms.minimalGrassroots(districtId, "厦门集美未登录有限公司工会"),
                KEY, UUID.randomUUID().toString());
        assertThat(r.status()).isEqualTo(401);
    }

    @Test
    void aMalformedKeyIsRefusedBeforeAnythingHappens() {
        long events = registry.eventCount();
        for (String bad : List.of("x".repeat(129), "a b")) {
            Response r = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门集美坏键有限公司工会"),
                    KEY, bad);
            assertThat(r.status()).as("%s", r).isEqualTo(400);
            assertThat(r.body()).contains("Idempotency-Key");
        }
        assertThat(unionsNamed("厦门集美坏键有限公司工会")).isZero();
        assertThat(registry.eventCount()).isEqualTo(events);
    }
}
