package cn.unioncard.registry.it.account;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.UnionWorkbooks;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator resets a password over HTTP: an imported union's operator, who has no usable
 * password, gets one and logs in; a reset revokes every earlier token and lifts the locks; who may
 * reset is who may unlock, and nobody resets their own. The password is in no event.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PasswordResetTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;
    private String districtA;
    private String reviewerA;
    private String reviewerB;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = MemberSupport.cityId(api, admin);
        districtA = created(api.post("/api/unions", admin, Forms.district(cityId, "同安区总工会")));
        String districtB = created(api.post("/api/unions", admin, Forms.district(cityId, "集美区总工会")));
        reviewerA = MemberSupport.account(api, admin, "reviewer.tongan", "DISTRICT_REVIEWER", districtA);
        reviewerB = MemberSupport.account(api, admin, "reviewer.jimei", "DISTRICT_REVIEWER", districtB);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }

    private Response reset(String username, String token) {
        return api.post("/api/users/" + username + "/password-reset", token, "");
    }

    private boolean works(String token) {
        Response r = api.get("/api/unions?level=CITY", token);
        if (r.status() != 200) {
            assertThat(r.status()).as("%s", r).isEqualTo(401);
        }
        return r.status() == 200;
    }

    /** Imports two grassroots unions as the district's reviewer; answers their system codes by name. */
    private Map<String, JsonNode> importTwoUnions() throws Exception {
        byte[] file = UnionWorkbooks.bytes(List.of(Forms.minimalGrassroots(districtA, "厦门戊公司工会委员会"),
                Forms.minimalGrassroots(districtA, "厦门己公司工会委员会")));
        Response accepted = ImportSupport.upload(api, "/api/unions/" + districtA + "/union-imports", reviewerA,
                "附件2.xlsx", file);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        String location = accepted.header("Location").orElseThrow();
        String job = location.substring(location.indexOf("/api/imports/"));
        JsonNode[] state = new JsonNode[1];
        assertThat(Eventually.eventually(60_000, () -> {
            state[0] = api.get(job, reviewerA).json();
            return "DONE".equals(state[0].path("state").asText()) || "FAILED".equals(state[0].path("state").asText());
        })).as("the job finished").isTrue();
        assertThat(state[0].path("accepted").asInt()).as("%s", state[0]).isEqualTo(2);
        Map<String, JsonNode> unions = new HashMap<>();
        assertThat(Eventually.eventually(30_000, () -> {
            Response page = api.get("/api/unions?parentId=" + districtA + "&size=50", reviewerA);
            unions.clear();
            StreamSupport.stream(page.json().path("items").spliterator(), false)
                    .forEach(u -> unions.put(u.path("name").asText(), u));
            return unions.size() == 2;
        })).as("both unions listed").isTrue();
        return unions;
    }

    @Test
    void a_district_reviewer_resets_an_imported_operators_password_and_the_operator_logs_in_changes_it_and_works()
            throws Exception {
        Map<String, JsonNode> unions = importTwoUnions();
        JsonNode union = unions.get("厦门戊公司工会委员会");
        String operator = union.path("systemCode").asText();
        assertThat(api.token(operator, "Any-Guess-12345").status()).as("no usable password yet").isEqualTo(401);

        long before = registry.eventCount();
        Response outside = reset(operator, reviewerB);
        assertThat(outside.status()).as("%s", outside).isEqualTo(404);
        assertThat(outside.problemType()).isEqualTo("/problems/not-found");
        Response unknown = reset("nobody.here", reviewerA);
        assertThat(unknown.status()).as("%s", unknown).isEqualTo(404);
        assertThat(unknown.json().path("detail")).isEqualTo(outside.json().path("detail"));
        Response self = reset("reviewer.tongan", reviewerA);
        assertThat(self.status()).as("%s", self).isEqualTo(403);
        assertThat(self.problemType()).isEqualTo("/problems/forbidden");
        assertThat(registry.eventCount()).as("events after refused resets").isEqualTo(before);

        Response answer = reset(operator, reviewerA);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        assertThat(answer.json().path("username").asText()).isEqualTo(operator);
        String oneTimePassword = answer.json().path("oneTimePassword").asText();
        assertThat(oneTimePassword).hasSize(14);
        String hash = registry.jdbc().queryForObject("select password_hash from account_credential where username = ?",
                String.class, operator);

        Response login = api.token(operator, oneTimePassword);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.json().path("passwordChangeRequired").asBoolean()).isTrue();
        Response beforeChange = api.get("/api/unions/" + union.path("id").asText(),
                login.json().path("accessToken").asText());
        assertThat(beforeChange.status()).as("%s", beforeChange).isEqualTo(403);
        String token = api.loginAndChangePassword(operator, oneTimePassword, "Operator-Password-R1");
        Response own = api.get("/api/unions/" + union.path("id").asText(), token);
        assertThat(own.status()).as("%s", own).isEqualTo(200);

        // An operator may not reset a clerk of its own union: scope holds, the permission does not.
        Response clerk = api.post("/api/users", admin, Map.of("username", "clerk.wu", "displayName", "经办",
                "role", "UNION_OPERATOR", "unionId", union.path("id").asText()));
        assertThat(clerk.status()).as("%s", clerk).isEqualTo(201);
        Response byOperator = reset("clerk.wu", token);
        assertThat(byOperator.status()).as("%s", byOperator).isEqualTo(403);
        assertThat(byOperator.problemType()).isEqualTo("/problems/forbidden");

        JsonNode resetEvent = StreamSupport.stream(trail(operator).spliterator(), false)
                .filter(e -> "PasswordReset".equals(e.path("type").asText())).findFirst().orElse(null);
        assertThat(resetEvent).as("PasswordReset in the account's trail").isNotNull();
        assertThat(resetEvent.path("metadata").path("actor.user").asText()).isEqualTo("reviewer.tongan");
        assertThat(resetEvent.path("metadata").path("actor.role").asText()).isEqualTo("DISTRICT_REVIEWER");
        for (String secret : List.of(oneTimePassword, hash)) {
            assertThat(registry.jdbc().queryForObject("select count(*) from domain_event_entry where position("
                            + "convert_to(?, 'UTF8') in payload) > 0 or position(convert_to(?, 'UTF8') in meta_data) > 0",
                    Long.class, secret, secret)).as("events holding the password or its hash").isZero();
        }
    }

    @Test
    void a_reset_revokes_every_earlier_token_and_lifts_the_locks_so_the_owner_logs_in_at_once() {
        String first = MemberSupport.account(api, admin, "auditor.reset", "AUDITOR", cityId);
        assertThat(works(first)).isTrue();
        for (int i = 1; i <= 5; i++) {
            FromAddress.login(registry.port(), "127.0.7.1", "auditor.reset", "Wrong-Guess-" + i);
        }
        assertThat(FromAddress.login(registry.port(), "127.0.7.1", "auditor.reset", "Password-of-auditor.reset")
                .status()).as("locked out from there").isEqualTo(429);

        Response answer = reset("auditor.reset", admin);
        assertThat(answer.status()).as("%s", answer).isEqualTo(200);
        String oneTimePassword = answer.json().path("oneTimePassword").asText();

        assertThat(works(first)).as("a token from before the reset").isFalse();
        assertThat(api.token("auditor.reset", "Password-of-auditor.reset").status()).as("the old password")
                .isEqualTo(401);
        var again = FromAddress.login(registry.port(), "127.0.7.1", "auditor.reset", oneTimePassword);
        assertThat(again.status()).as("%s", again).isEqualTo(200);
        assertThat(again.json().path("passwordChangeRequired").asBoolean()).isTrue();
    }

    private JsonNode trail(String username) {
        Response r = api.get("/api/audit/aggregates/" + username + "/events", admin);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }
}
