package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry end to end over HTTP on its embedded PostgreSQL: a district, a grassroots union
 * with a full 附件2 form, its clerk's first login, optimistic concurrency, validation, the audit
 * trail, lockout, and what health and metrics show. One application for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryFlowTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;
    private String districtId;
    private String districtCode;
    /** Every password this class sends; none of them may ever reach the event store. */
    private final Set<String> passwordsUsed = ConcurrentHashMap.newKeySet();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        passwordsUsed.add(ADMIN_PASSWORD);
        Response login = api.token(ADMIN, ADMIN_PASSWORD);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        // A configured first-start password need not be changed.
        assertThat(login.json().path("passwordChangeRequired").asBoolean()).isFalse();
        assertThat(login.json().path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.json().path("expiresIn").asLong()).isPositive();
        admin = login.json().path("accessToken").asText();

        Response cities = api.get("/api/unions?level=CITY", admin);
        assertThat(cities.status()).as("%s", cities).isEqualTo(200);
        assertThat(cities.json().path("total").asLong()).isEqualTo(1);
        JsonNode city = cities.json().path("items").get(0);
        assertThat(city.path("systemCode").asText()).isEqualTo("00");
        cityId = city.path("id").asText();

        Response district = api.post("/api/unions", admin, Forms.district(cityId, "思明区总工会"));
        assertThat(district.status()).as("%s", district).isEqualTo(201);
        districtId = district.json().path("unionId").asText();
        districtCode = district.json().path("systemCode").asText();
        assertThat(districtCode).matches("\\d{2}").isNotEqualTo("00");
        // Only grassroots unions get an operator account.
        assertThat(district.json().path("operatorUsername").isNull()
                || district.json().path("operatorUsername").isMissingNode()).isTrue();
        assertThat(district.json().path("oneTimePassword").isNull()
                || district.json().path("oneTimePassword").isMissingNode()).isTrue();
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void aGrassrootsUnionIsRegisteredAndItsClerkMustChangeTheOneTimePasswordFirst() {
        Response created = api.post("/api/unions", admin, Forms.fullGrassroots(districtId, "厦门云卡信息科技有限公司工会委员会"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        JsonNode body = created.json();
        String unionId = body.path("unionId").asText();
        String code = body.path("systemCode").asText();
        assertThat(code).startsWith(districtCode).hasSize(7).matches("\\d{7}");
        assertThat(body.path("operatorUsername").asText()).isEqualTo(code);
        String oneTimePassword = body.path("oneTimePassword").asText();
        assertThat(oneTimePassword).isNotBlank();
        passwordsUsed.add(oneTimePassword);
        assertThat(created.header("Location")).hasValue("/api/unions/" + unionId);

        // The city admin reads the normalised form back.
        Response read = api.get("/api/unions/" + unionId, admin);
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.header("ETag")).hasValue("\"" + read.json().path("version").asLong() + "\"");
        JsonNode profile = read.json().path("profile");
        assertThat(read.json().path("parentId").asText()).isEqualTo(districtId);
        assertThat(read.json().path("level").asText()).isEqualTo("GRASSROOTS");
        assertThat(read.json().path("systemCode").asText()).isEqualTo(code);
        assertThat(profile.path("employerCreditCode").asText()).isEqualTo(Forms.EMPLOYER_CREDIT_CODE);
        assertThat(profile.path("employerOrganisationCode").asText()).isEqualTo(Forms.EMPLOYER_ORGANISATION_CODE);
        assertThat(profile.path("unionCreditCode").asText()).isEqualTo(Forms.UNION_CREDIT_CODE);
        assertThat(profile.path("chairPhone").asText()).isEqualTo(Forms.CHAIR_PHONE);
        assertThat(profile.path("members").asInt()).isEqualTo(298);
        assertThat(profile.path("founded").asText()).isEqualTo("2008-03");
        assertThat(profile.path("filledOn").asText()).isEqualTo("2024-05-20");

        // First login of the union's clerk: the one-time password works but must be changed.
        String operator = code;
        Response first = api.token(operator, oneTimePassword);
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.json().path("passwordChangeRequired").asBoolean()).isTrue();
        String restricted = first.json().path("accessToken").asText();
        for (String path : List.of("/api/unions/" + unionId, "/api/unions")) {
            Response refused = api.get(path, restricted);
            assertThat(refused.status()).as("%s: %s", path, refused).isEqualTo(403);
            assertThat(refused.problemType()).isEqualTo("/problems/password-change-required");
        }

        // Too short a new password is refused and changes nothing.
        Response tooShort = api.post("/api/auth/password", restricted,
                Map.of("currentPassword", oneTimePassword, "newPassword", "Tiny-pw1"));
        assertThat(tooShort.status()).as("%s", tooShort).isEqualTo(400);
        assertThat(fields(tooShort.json())).contains("newPassword");
        passwordsUsed.add("Tiny-pw1");

        // A wrong current password is refused and counted like a wrong login (LoginFailed in the trail).
        long failuresBefore = registry.jdbc().queryForObject("select count(*) from domain_event_entry where "
                + "aggregate_identifier = ? and payload_type like '%LoginFailed'", Long.class, operator);
        Response wrongCurrent = api.post("/api/auth/password", restricted,
                Map.of("currentPassword", "Not-The-Password-1", "newPassword", "Another-Pass-123"));
        assertThat(wrongCurrent.status()).as("%s", wrongCurrent).isEqualTo(400);
        assertThat(fields(wrongCurrent.json())).containsExactly("currentPassword");
        assertThat(registry.jdbc().queryForObject("select count(*) from domain_event_entry where "
                + "aggregate_identifier = ? and payload_type like '%LoginFailed'", Long.class, operator))
                .isEqualTo(failuresBefore + 1);
        passwordsUsed.add("Not-The-Password-1");
        passwordsUsed.add("Another-Pass-123");

        String newPassword = "Clerk-Password-0427";
        passwordsUsed.add(newPassword);
        Response changed = api.post("/api/auth/password", restricted,
                Map.of("currentPassword", oneTimePassword, "newPassword", newPassword));
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().path("passwordChangeRequired").asBoolean()).isFalse();
        String clerk = changed.json().path("accessToken").asText();

        Response own = api.get("/api/unions/" + unionId, clerk);
        assertThat(own.status()).as("%s", own).isEqualTo(200);
        assertThat(own.json().path("id").asText()).isEqualTo(unionId);
        // The district above is outside a grassroots clerk's subtree.
        assertThat(api.get("/api/unions/" + districtId, clerk).status()).isEqualTo(404);
        // The one-time password is spent; the new one works and needs no further change.
        assertThat(api.token(operator, oneTimePassword).status()).isEqualTo(401);
        Response again = api.token(operator, newPassword);
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().path("passwordChangeRequired").asBoolean()).isFalse();

        // The union's trail: registered and coded by the admin, with the actor in every event.
        List<JsonNode> unionTrail = trail(unionId);
        assertThat(types(unionTrail)).containsExactly("UnionRegistered", "UnionSystemCodeAssigned");
        for (JsonNode event : unionTrail) {
            JsonNode meta = event.path("metadata");
            assertThat(meta.path("actor.user").asText()).isEqualTo(ADMIN);
            assertThat(meta.path("actor.role").asText()).isEqualTo("CITY_ADMIN");
            assertThat(meta.path("actor.organisation").asText()).isEqualTo(cityId);
            assertThat(meta.path("actor.clientAddress").asText()).isNotBlank();
            assertThat(meta.path("correlationId").asText()).isNotBlank();
        }
        assertThat(unionTrail.get(0).path("payload").path("profile").path("name").asText())
                .isEqualTo("厦门云卡信息科技有限公司工会委员会");
        assertThat(unionTrail.get(1).path("payload").path("systemCode").asText()).isEqualTo(code);
        assertThat(unionTrail.get(0).path("sequence").asLong()).isZero();
        assertThat(unionTrail.get(1).path("sequence").asLong()).isEqualTo(1);

        // The clerk's account trail: opened by the admin; the logins by the (anonymous) clerk.
        List<JsonNode> accountTrail = trail(operator);
        assertThat(accountTrail.stream().filter(e -> e.path("type").asText().startsWith("Login"))
                .filter(e -> e.path("metadata").path("actor.role").asText().equals("UNION_OPERATOR"))
                .map(e -> e.path("type").asText())).containsExactly("LoginFailed");
        assertThat(types(accountTrail)).containsSubsequence("UserAccountCreated", "LoginSucceeded",
                "PasswordChanged");
        assertThat(types(accountTrail)).contains("LoginFailed"); // the spent one-time password
        JsonNode createdEvent = accountTrail.get(0);
        assertThat(createdEvent.path("type").asText()).isEqualTo("UserAccountCreated");
        assertThat(createdEvent.path("metadata").path("actor.user").asText()).isEqualTo(ADMIN);
        assertThat(createdEvent.path("payload").path("role").asText()).isEqualTo("UNION_OPERATOR");
        assertThat(createdEvent.path("payload").path("organisationId").asText()).isEqualTo(unionId);
        for (JsonNode event : accountTrail) {
            String type = event.path("type").asText();
            JsonNode meta = event.path("metadata");
            if (type.startsWith("Login")) {
                // Login attempts come from the not yet authenticated clerk; the failure from a wrong
                // current password on the password change comes from the authenticated one.
                assertThat(meta.path("actor.role").asText()).as(type).isIn("ANONYMOUS", "UNION_OPERATOR");
                assertThat(meta.path("actor.user").asText()).as(type).isEqualTo(operator);
                assertThat(meta.path("actor.clientAddress").asText()).as(type).isNotBlank();
            }
            if (type.equals("PasswordChanged")) {
                assertThat(meta.path("actor.user").asText()).isEqualTo(operator);
                assertThat(meta.path("actor.role").asText()).isEqualTo("UNION_OPERATOR");
                assertThat(meta.path("actor.organisation").asText()).isEqualTo(unionId);
            }
        }
    }

    @Test
    @Order(2)
    void theClientsCorrelationIdIsInTheLoginEvent() {
        String correlationId = "it-login-" + System.nanoTime();
        Response login = api.send(api.request("/api/auth/token", null, "Content-Type", "application/json",
                "X-Correlation-Id", correlationId).POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.header("X-Correlation-Id")).hasValue(correlationId);
        List<JsonNode> adminTrail = trail(ADMIN);
        JsonNode last = adminTrail.get(adminTrail.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("LoginSucceeded");
        assertThat(last.path("metadata").path("correlationId").asText()).isEqualTo(correlationId);
        // The admin's account was opened by the registry itself at first start.
        assertThat(adminTrail.get(0).path("type").asText()).isEqualTo("UserAccountCreated");
        assertThat(adminTrail.get(0).path("metadata").path("actor.role").asText()).isEqualTo("SYSTEM");
    }

    @Test
    @Order(3)
    void anUpdateNeedsTheCurrentVersionInIfMatch() {
        Response created = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门鹭岛机械厂工会"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        passwordsUsed.add(created.json().path("oneTimePassword").asText());
        String id = created.json().path("unionId").asText();
        Response read = api.get("/api/unions/" + id, admin);
        String etag = read.header("ETag").orElseThrow();

        Map<String, Object> form = Forms.minimalGrassroots(districtId, "厦门鹭岛机械厂工会委员会");
        form.put("members", 85);
        form.put("totalStaff", 90);
        Response updated = api.put("/api/unions/" + id, admin, form, "If-Match", etag);
        assertThat(updated.status()).as("%s", updated).isEqualTo(204);
        String newEtag = updated.header("ETag").orElseThrow();
        assertThat(newEtag).isNotEqualTo(etag).matches("\"\\d+\"");

        Response reread = api.get("/api/unions/" + id, admin);
        assertThat(reread.header("ETag")).hasValue(newEtag);
        assertThat(reread.json().path("name").asText()).isEqualTo("厦门鹭岛机械厂工会委员会");
        assertThat(reread.json().path("profile").path("members").asInt()).isEqualTo(85);

        form.put("members", 86);
        Response stale = api.put("/api/unions/" + id, admin, form, "If-Match", etag);
        assertThat(stale.status()).as("%s", stale).isEqualTo(412);
        assertThat(stale.problemType()).isEqualTo("/problems/stale-version");

        Response missing = api.put("/api/unions/" + id, admin, form);
        assertThat(missing.status()).as("%s", missing).isEqualTo(428);
        assertThat(missing.problemType()).isEqualTo("/problems/version-required");

        // Neither refused update left a trace; the accepted one did, by the admin.
        assertThat(api.get("/api/unions/" + id, admin).json().path("profile").path("members").asInt()).isEqualTo(85);
        List<JsonNode> events = trail(id);
        assertThat(types(events)).containsExactly("UnionRegistered", "UnionSystemCodeAssigned", "UnionProfileUpdated");
        assertThat(events.get(2).path("metadata").path("actor.user").asText()).isEqualTo(ADMIN);
        assertThat(events.get(2).path("payload").path("profile").path("members").asInt()).isEqualTo(85);
    }

    @Test
    @Order(4)
    void aFormMissingRequiredFieldsListsEveryFailingFieldAtOnce() {
        long before = registry.eventCount();
        Map<String, Object> form = Map.of("parentId", districtId, "level", "GRASSROOTS", "chairPhone", "12345");

        Response zh = api.post("/api/unions", admin, form);
        assertThat(zh.status()).as("%s", zh).isEqualTo(400);
        assertThat(zh.problemType()).isEqualTo("/problems/invalid-input");
        assertThat(fields(zh.json())).contains("name", "industryCode", "address", "unitCategory", "filledBy",
                "filledByPhone", "chairPhone");
        assertThat(errorFor(zh.json(), "name").path("code").asText()).isEqualTo("required");
        assertThat(errorFor(zh.json(), "chairPhone").path("code").asText()).isEqualTo("phone.format");
        assertThat(errorFor(zh.json(), "name").path("message").asText()).isEqualTo("必填项不能为空");
        assertThat(zh.json().path("title").asText()).isEqualTo("输入有误");
        assertThat(zh.json().path("instance").asText()).isEqualTo("/api/unions");
        assertThat(zh.json().path("correlationId").asText()).isNotBlank();

        Response en = api.post("/api/unions", admin, form, "Accept-Language", "en");
        assertThat(en.status()).isEqualTo(400);
        assertThat(en.json().path("title").asText()).isEqualTo("Invalid input");
        assertThat(errorFor(en.json(), "name").path("message").asText()).isEqualTo("this field is required");
        assertThat(errorFor(en.json(), "chairPhone").path("message").asText()).doesNotContain("电话");
        assertThat(fields(en.json())).containsExactlyInAnyOrderElementsOf(fields(zh.json()));
        // The rejected value is not echoed back.
        assertThat(zh.body()).doesNotContain("12345");
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void aCreditCodeWithAWrongCheckCharacterNeedsAStatedReason() {
        Map<String, Object> form = Forms.fullGrassroots(districtId, "厦门旧码贸易有限公司工会");
        form.put("employerCreditCode", "91440300708461136A");
        long before = registry.eventCount();

        Response refused = api.post("/api/unions", admin, form);
        assertThat(refused.status()).as("%s", refused).isEqualTo(400);
        JsonNode error = errorFor(refused.json(), "employerCreditCode");
        assertThat(error.path("code").asText()).isEqualTo("social-credit-code.check-character");
        assertThat(error.path("severity").asText()).isEqualTo("WARNING");
        assertThat(registry.eventCount()).isEqualTo(before);

        String reason = "2015年换证期间颁发的旧码，与营业执照原件一致";
        form.put("creditCodeOverrideReason", reason);
        Response accepted = api.post("/api/unions", admin, form);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(201);
        passwordsUsed.add(accepted.json().path("oneTimePassword").asText());
        String id = accepted.json().path("unionId").asText();

        JsonNode registered = trail(id).get(0);
        assertThat(registered.path("type").asText()).isEqualTo("UnionRegistered");
        JsonNode overrides = registered.path("payload").path("overrides");
        assertThat(overrides.size()).as("%s", overrides).isEqualTo(1);
        assertThat(overrides.get(0).path("field").asText()).isEqualTo("employerCreditCode");
        assertThat(overrides.get(0).path("reason").asText()).isEqualTo(reason);
        assertThat(registered.path("payload").path("profile").path("employerCreditCode").asText())
                .isEqualTo("91440300708461136A");
    }

    @Test
    @Order(6)
    void fiveWrongPasswordsFromOneAddressLockItOutEvenWithTheRightOne() {
        Response opened = api.post("/api/users", admin, Map.of("username", "lock.auditor",
                "displayName", "外部审计 王", "role", "AUDITOR", "unionId", cityId));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        String right = opened.json().path("oneTimePassword").asText();
        passwordsUsed.add(right);

        List<String> answers = new ArrayList<>();
        for (int i = 1; i <= 6 && !answers.contains("/problems/account-locked"); i++) {
            String wrong = "Wrong-Guess-" + i + "-xyz";
            passwordsUsed.add(wrong);
            Response r = api.token("lock.auditor", wrong);
            assertThat(r.status()).as("attempt %d: %s", i, r).isEqualTo(i < 5 ? 401 : 429);
            answers.add(r.problemType());
        }
        assertThat(answers).hasSizeBetween(5, 6);
        assertThat(answers.subList(0, 4)).containsOnly("/problems/unauthenticated");
        assertThat(answers.get(answers.size() - 1)).isEqualTo("/problems/account-locked");

        Response rightButLocked = api.token("lock.auditor", right);
        assertThat(rightButLocked.status()).as("%s", rightButLocked).isEqualTo(429);
        assertThat(rightButLocked.header("Retry-After")).isPresent();
        assertThat(rightButLocked.problemType()).isEqualTo("/problems/account-locked");
        assertThat(rightButLocked.body()).doesNotContain(right);
        Response english = api.send(api.request("/api/auth/token", null, "Content-Type", "application/json",
                "Accept-Language", "en").POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"lock.auditor\",\"password\":\"" + right + "\"}")));
        assertThat(english.status()).isEqualTo(429);
        assertThat(english.json().path("detail").asText()).contains("try again in").contains("Asia/Shanghai");

        List<String> types = types(trail("lock.auditor"));
        assertThat(types.stream().filter("LoginFailed"::equals).count()).isEqualTo(5);
        // A refusal while locked is counted, not stored: a flood cannot grow the account's stream.
        assertThat(types).containsSubsequence("UserAccountCreated", "LoginFailed", "AddressLockedOut");
        assertThat(types).doesNotContain("LoginRefusedWhileLocked");
        assertThat(types).doesNotContain("LoginSucceeded");

        // An unknown user gets the same answer as a wrong password.
        Response unknown = api.token("nobody-here", "Whatever-123456");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.problemType()).isEqualTo("/problems/unauthenticated");
    }

    @Test
    @Order(6)
    void onlyConsecutiveFailuresCount() {
        Response opened = api.post("/api/users", admin, Map.of("username", "careless.dpo",
                "displayName", "数据保护 周", "role", "DPO", "unionId", cityId));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        String right = opened.json().path("oneTimePassword").asText();
        passwordsUsed.add(right);
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i <= 4; i++) {
                String wrong = "Typo-" + round + "-" + i + "-abc";
                passwordsUsed.add(wrong);
                assertThat(api.token("careless.dpo", wrong).problemType()).isEqualTo("/problems/unauthenticated");
            }
            // A success in between starts the count again.
            assertThat(api.token("careless.dpo", right).status()).isEqualTo(200);
        }
        assertThat(types(trail("careless.dpo"))).doesNotContain("AccountLocked");
    }

    @Test
    @Order(7)
    void healthShowsTheDatabase() {
        Response health = api.get("/actuator/health", null);
        assertThat(health.status()).as("%s", health).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        assertThat(health.json().path("components").path("db").path("status").asText()).isEqualTo("UP");
    }

    @Test
    @Order(8)
    void metricsCountCommandsAndShowNoPersonalData() {
        double registeredBefore = commandMetric(prometheus(), "commandBus_successCounter_total", "RegisterUnion");
        double refusedBefore = commandMetric(prometheus(), "commandBus_failureCounter_total", "RegisterUnion");
        assertThat(api.post("/api/unions", admin, Forms.district(cityId, "湖里区总工会")).status()).isEqualTo(201);
        Map<String, Object> invalid = Forms.fullGrassroots(districtId, "x");
        assertThat(api.post("/api/unions", admin, invalid).status()).isEqualTo(400);

        String text = prometheus();
        assertThat(commandMetric(text, "commandBus_successCounter_total", "RegisterUnion"))
                .isEqualTo(registeredBefore + 1);
        assertThat(commandMetric(text, "commandBus_failureCounter_total", "RegisterUnion"))
                .isEqualTo(refusedBefore + 1);
        assertThat(text).contains("commandBus_allTimer_seconds_count{payloadType=\"RegisterUnion\"}");
        // Streaming processors keep Axon's metrics; what runs inside the command (the event store, the
        // subscribing directories) has none of its own (ops.axon.MessageMetrics).
        assertThat(text).contains("processorName=\"accounts\"");
        for (String inside : List.of("processorName=\"members\"", "processorName=\"unions\"", "eventStore")) {
            assertThat(text).as("metrics of %s", inside).doesNotContain(inside);
        }
        for (String personal : List.of(Forms.CHAIR_NAME, Forms.CHAIR_PHONE, Forms.FILLED_BY, Forms.FILLED_BY_PHONE,
                Forms.EMPLOYER_CREDIT_CODE, Forms.UNION_CREDIT_CODE, "厦门云卡信息科技有限公司", "思明区总工会",
                "lock.auditor", cityId, districtId)) {
            assertThat(text).as("prometheus output").doesNotContain(personal);
        }
        passwordsUsed.forEach(p -> assertThat(text).doesNotContain(p));
    }

    private String prometheus() {
        Response metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).as("%s", metrics).isEqualTo(200);
        return metrics.body();
    }

    /** The value of one of Axon's dimensional command-bus metrics for one command type. */
    private static double commandMetric(String prometheus, String name, String payloadType) {
        String prefix = name + "{payloadType=\"" + payloadType + "\"} ";
        return prometheus.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + prefix));
    }

    @Test
    @Order(100)
    void noPasswordEverReachesTheEventStore() {
        assertThat(passwordsUsed).hasSizeGreaterThan(8);
        List<Map<String, Object>> rows = registry.jdbc().queryForList(
                "select aggregate_identifier, payload_type, payload, meta_data from domain_event_entry");
        assertThat(rows).hasSizeGreaterThan(20);
        for (Map<String, Object> row : rows) {
            String payload = utf8(row.get("payload"));
            String meta = utf8(row.get("meta_data"));
            for (String password : passwordsUsed) {
                assertThat(payload).as("payload of %s", row.get("payload_type")).doesNotContain(password);
                assertThat(meta).as("metadata of %s", row.get("payload_type")).doesNotContain(password);
            }
            // Nor a password hash.
            assertThat(payload).doesNotContainPattern("\\$2[aby]?\\$\\d\\d\\$");
        }
        // The snapshots, if any, neither.
        for (Map<String, Object> row : registry.jdbc().queryForList("select payload from snapshot_event_entry")) {
            String payload = utf8(row.get("payload"));
            passwordsUsed.forEach(p -> assertThat(payload).doesNotContain(p));
        }
    }

    private static String utf8(Object bytes) {
        return bytes == null ? "" : new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    private List<JsonNode> trail(String aggregateId) {
        Response r = api.get("/api/audit/aggregates/" + aggregateId + "/events", admin);
        assertThat(r.status()).as("trail of %s: %s", aggregateId, r).isEqualTo(200);
        return StreamSupport.stream(r.json().spliterator(), false).toList();
    }

    static List<String> types(List<JsonNode> trail) {
        return trail.stream().map(e -> e.path("type").asText()).toList();
    }

    static List<String> fields(JsonNode problem) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .map(e -> e.path("field").asText()).toList();
    }

    static JsonNode errorFor(JsonNode problem, String field) {
        return StreamSupport.stream(problem.path("errors").spliterator(), false)
                .filter(e -> field.equals(e.path("field").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + problem));
    }

    @Test
    @Order(100)
    void aCommandWithoutAnAuthenticatedActorIsRefusedAndStoresNothing() {
        var commands = registry.context().getBean(org.axonframework.commandhandling.gateway.CommandGateway.class);
        long before = registry.eventCount();
        String cityId = registry.jdbc().queryForObject("select union_id from union_lookup where level = 'CITY'",
                String.class);
        var command = new cn.unioncard.registry.events.union.RegisterUnion(java.util.UUID.randomUUID().toString(),
                cn.unioncard.registry.events.union.UnionForm.named(cityId,
                        cn.unioncard.registry.events.union.UnionLevel.DISTRICT, "无人登记的工会"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> commands.sendAndWait(command))
                .isInstanceOfSatisfying(cn.unioncard.registry.events.problem.RegistryProblem.class,
                        p -> assertThat(p.kind()).isEqualTo(
                                cn.unioncard.registry.events.problem.RegistryProblem.Kind.UNAUTHENTICATED));
        assertThat(registry.eventCount()).isEqualTo(before);
    }
}
