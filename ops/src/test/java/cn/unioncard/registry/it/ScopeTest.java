package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who sees and changes what: a district reviewer only its own subtree, a grassroots clerk only
 * its union, an auditor everything but read-only. Outside one's subtree a union does not exist
 * (404, never 403).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScopeTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;
    private District a;
    private District b;
    private String auditor;

    record District(String id, String code, String grassrootsId, String grassrootsCode, String reviewer,
                    String operator) {
    }

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = api.get("/api/unions?level=CITY", admin).json().path("items").get(0).path("id").asText();
        a = district("a", "集美区总工会", "厦门集美食品厂工会");
        b = district("b", "海沧区总工会", "厦门海沧港务公司工会");

        Response opened = api.post("/api/users", admin,
                Map.of("username", "auditor1", "displayName", "审计 林", "role", "AUDITOR", "unionId", cityId));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        auditor = api.loginAndChangePassword("auditor1", opened.json().path("oneTimePassword").asText(),
                "Auditor-Password-1");
    }

    private District district(String suffix, String name, String grassrootsName) {
        Response d = api.post("/api/unions", admin, Forms.district(cityId, name));
        assertThat(d.status()).as("%s", d).isEqualTo(201);
        String id = d.json().path("unionId").asText();

        Response opened = api.post("/api/users", admin, Map.of("username", "reviewer." + suffix,
                "displayName", "审核员 " + suffix, "role", "DISTRICT_REVIEWER", "unionId", id));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        assertThat(opened.json().path("role").asText()).isEqualTo("DISTRICT_REVIEWER");
        assertThat(opened.json().path("unionId").asText()).isEqualTo(id);
        String reviewer = api.loginAndChangePassword("reviewer." + suffix,
                opened.json().path("oneTimePassword").asText(), "Reviewer-Password-" + suffix);

        // The reviewer registers the district's grassroots union itself.
        Response g = api.post("/api/unions", reviewer, Forms.minimalGrassroots(id, grassrootsName));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        String gCode = g.json().path("systemCode").asText();
        assertThat(gCode).startsWith(d.json().path("systemCode").asText());
        String operator = api.loginAndChangePassword(gCode, g.json().path("oneTimePassword").asText(),
                "Operator-Password-" + suffix);
        return new District(id, d.json().path("systemCode").asText(), g.json().path("unionId").asText(), gCode,
                reviewer, operator);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void aReviewerCannotSeeTouchOrRegisterUnderAnotherDistrict() {
        long before = registry.eventCount();

        Response read = api.get("/api/unions/" + b.grassrootsId(), a.reviewer());
        assertThat(read.status()).as("%s", read).isEqualTo(404);
        assertThat(read.problemType()).isEqualTo("/problems/not-found");
        assertThat(api.get("/api/unions/" + b.id(), a.reviewer()).status()).isEqualTo(404);
        assertThat(api.get("/api/unions/" + cityId, a.reviewer()).status()).isEqualTo(404);

        Response put = api.put("/api/unions/" + b.grassrootsId(), a.reviewer(),
                Forms.minimalGrassroots(b.id(), "篡改的名称"), "If-Match", "\"1\"");
        assertThat(put.status()).as("%s", put).isEqualTo(404);
        assertThat(put.problemType()).isEqualTo("/problems/not-found");

        Response register = api.post("/api/unions", a.reviewer(), Forms.minimalGrassroots(b.id(), "越权登记的工会"));
        assertThat(register.status()).as("%s", register).isEqualTo(404);

        Response account = api.post("/api/users", a.reviewer(), Map.of("username", "intruder",
                "displayName", "x", "role", "DISTRICT_REVIEWER", "unionId", b.id()));
        assertThat(account.status()).as("%s", account).isEqualTo(404);

        // The same 404 as for a union that does not exist at all.
        Response none = api.get("/api/unions/00000000-0000-0000-0000-000000000000", a.reviewer());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().path("detail").asText()).isEqualTo(read.json().path("detail").asText());

        assertThat(api.get("/api/unions/" + b.grassrootsId(), admin).json().path("name").asText())
                .isEqualTo("厦门海沧港务公司工会");
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    void aReviewerWorksWithinItsOwnDistrict() {
        Response own = api.get("/api/unions/" + a.grassrootsId(), a.reviewer());
        assertThat(own.status()).as("%s", own).isEqualTo(200);
        Response put = api.put("/api/unions/" + a.grassrootsId(), a.reviewer(),
                Forms.minimalGrassroots(a.id(), "厦门集美食品厂工会委员会"), "If-Match", own.header("ETag").orElseThrow());
        assertThat(put.status()).as("%s", put).isEqualTo(204);
        assertThat(api.get("/api/unions/" + a.id(), a.reviewer()).status()).isEqualTo(200);
        // A reviewer registers grassroots unions, not districts.
        Response district = api.post("/api/unions", a.reviewer(), Forms.district(cityId, "越级登记的区工会"));
        assertThat(district.status()).as("%s", district).isIn(403, 404);
    }

    @Test
    void aReviewersListShowsOnlyItsSubtree() {
        Response list = api.get("/api/unions?size=200", a.reviewer());
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        assertThat(ids(list)).containsExactlyInAnyOrder(a.id(), a.grassrootsId());
        assertThat(list.json().path("total").asLong()).isEqualTo(2);

        // Filters cannot widen the scope.
        assertThat(ids(api.get("/api/unions?parentId=" + b.id(), a.reviewer()))).isEmpty();
        assertThat(ids(api.get("/api/unions?level=CITY", a.reviewer()))).isEmpty();
        assertThat(ids(api.get("/api/unions?q=" + b.grassrootsCode(), a.reviewer()))).isEmpty();
        assertThat(ids(api.get("/api/unions?level=GRASSROOTS", a.reviewer()))).containsExactly(a.grassrootsId());
    }

    @Test
    void aClerkSeesOnlyItsOwnUnionAndCannotChangeIt() {
        Response list = api.get("/api/unions", a.operator());
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        assertThat(ids(list)).containsExactly(a.grassrootsId());
        assertThat(api.get("/api/unions/" + a.grassrootsId(), a.operator()).status()).isEqualTo(200);
        assertThat(api.get("/api/unions/" + a.id(), a.operator()).status()).isEqualTo(404);
        assertThat(api.get("/api/unions/" + b.grassrootsId(), a.operator()).status()).isEqualTo(404);

        Response register = api.post("/api/unions", a.operator(), Forms.minimalGrassroots(a.id(), "某某工会"));
        assertThat(register.status()).as("%s", register).isIn(403, 404);
        Response own = api.get("/api/unions/" + a.grassrootsId(), a.operator());
        Response put = api.put("/api/unions/" + a.grassrootsId(), a.operator(),
                Forms.minimalGrassroots(a.id(), "自己改的名称"), "If-Match", own.header("ETag").orElseThrow());
        assertThat(put.status()).as("%s", put).isEqualTo(403);
        assertThat(put.problemType()).isEqualTo("/problems/forbidden");
        Response audit = api.get("/api/audit/aggregates/" + a.grassrootsId() + "/events", a.operator());
        assertThat(audit.status()).as("%s", audit).isEqualTo(403);
        Response users = api.post("/api/users", a.operator(), Map.of("username", "friend", "displayName", "x",
                "role", "UNION_OPERATOR", "unionId", a.grassrootsId()));
        assertThat(users.status()).as("%s", users).isEqualTo(403);
    }

    @Test
    void anAuditorReadsEverythingButChangesNothing() {
        long before = registry.eventCount();
        Response list = api.get("/api/unions?size=200", auditor);
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        assertThat(ids(list)).contains(cityId, a.id(), b.id(), a.grassrootsId(), b.grassrootsId());
        assertThat(api.get("/api/unions/" + b.grassrootsId(), auditor).status()).isEqualTo(200);
        Response trail = api.get("/api/audit/aggregates/" + b.grassrootsId() + "/events", auditor);
        assertThat(trail.status()).as("%s", trail).isEqualTo(200);
        assertThat(trail.json().get(0).path("metadata").path("actor.user").asText()).isEqualTo("reviewer.b");
        assertThat(trail.json().get(0).path("metadata").path("actor.organisation").asText()).isEqualTo(b.id());

        Response register = api.post("/api/unions", auditor, Forms.minimalGrassroots(a.id(), "审计登记的工会"));
        assertThat(register.status()).as("%s", register).isEqualTo(403);
        assertThat(register.problemType()).isEqualTo("/problems/forbidden");
        Response district = api.post("/api/unions", auditor, Forms.district(cityId, "审计登记的区工会"));
        assertThat(district.status()).as("%s", district).isEqualTo(403);
        String etag = api.get("/api/unions/" + a.grassrootsId(), auditor).header("ETag").orElseThrow();
        Response put = api.put("/api/unions/" + a.grassrootsId(), auditor,
                Forms.minimalGrassroots(a.id(), "审计改的名称"), "If-Match", etag);
        assertThat(put.status()).as("%s", put).isEqualTo(403);
        Response users = api.post("/api/users", auditor, Map.of("username", "auditor2", "displayName", "x",
                "role", "AUDITOR", "unionId", cityId));
        assertThat(users.status()).as("%s", users).isEqualTo(403);
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    void withoutAValidTokenEverythingButLoginIsClosed() {
        for (String path : List.of("/api/unions", "/api/unions/" + cityId, "/api/audit/aggregates/admin/events")) {
            Response r = api.get(path, null);
            assertThat(r.status()).as("%s: %s", path, r).isEqualTo(401);
            assertThat(r.problemType()).isEqualTo("/problems/unauthenticated");
        }
        Response post = api.post("/api/unions", null, Forms.district(cityId, "匿名登记"));
        assertThat(post.status()).isEqualTo(401);
        Response forged = api.get("/api/unions", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiIsInJvbGUiOiJDSVRZX0FETUlOIn0."
                + "c2lnbmF0dXJlLWZyb20tbm93aGVyZQ");
        assertThat(forged.status()).as("%s", forged).isEqualTo(401);
        Response garbage = api.get("/api/unions", "not-a-token");
        assertThat(garbage.status()).as("%s", garbage).isEqualTo(401);
    }

    @Test
    void theAccountDirectoryShowsOnlyTheSubtreesAccounts() throws InterruptedException {
        // The directory is a streaming projection: wait until the auditor, who sees all, sees everyone.
        List<String> everyone = List.of(ADMIN, "auditor1", "reviewer.a", "reviewer.b", a.grassrootsCode(),
                b.grassrootsCode());
        List<String> all = List.of();
        for (int i = 0; i < 100 && !all.containsAll(everyone); i++) {
            Thread.sleep(100);
            all = usernames(api.get("/api/users?size=200", auditor));
        }
        assertThat(all).containsAll(everyone);

        assertThat(usernames(api.get("/api/users?size=200", a.reviewer())))
                .contains("reviewer.a", a.grassrootsCode())
                .doesNotContain(ADMIN, "auditor1", "reviewer.b", b.grassrootsCode());
        Response clerk = api.get("/api/users", a.operator());
        assertThat(clerk.status()).as("%s", clerk).isEqualTo(403);
        assertThat(clerk.body()).doesNotContain("reviewer.a");
    }

    private static List<String> usernames(Response page) {
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        return StreamSupport.stream(page.json().path("items").spliterator(), false)
                .map(i -> i.path("username").asText()).toList();
    }

    @Test
    void anAccountNamedLikeTheNextSystemCodeDoesNotBlockTheDistrict() {
        Response created = api.post("/api/unions", admin, Forms.district(cityId, "翔安区总工会"));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String districtId = created.json().path("unionId").asText();
        String code = created.json().path("systemCode").asText();
        Response opened = api.post("/api/users", admin, Map.of("username", "reviewer.c",
                "displayName", "审核员 c", "role", "DISTRICT_REVIEWER", "unionId", districtId));
        String reviewer = api.loginAndChangePassword("reviewer.c", opened.json().path("oneTimePassword").asText(),
                "Reviewer-Password-c");
        Response first = api.post("/api/unions", reviewer, Forms.minimalGrassroots(districtId, "翔安第一工会"));
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.json().path("systemCode").asText()).isEqualTo(code + "00001");

        // A reviewer may open reviewer accounts for its district, and picks the next grassroots code as the name.
        Response squat = api.post("/api/users", reviewer, Map.of("username", code + "00002",
                "displayName", "审核员 d", "role", "DISTRICT_REVIEWER", "unionId", districtId));
        assertThat(squat.status()).as("%s", squat).isIn(201, 400, 409);

        // Whether or not that name was accepted, the district goes on registering grassroots unions.
        for (String name : List.of("翔安第二工会", "翔安第三工会")) {
            Response next = api.post("/api/unions", reviewer, Forms.minimalGrassroots(districtId, name));
            assertThat(next.status()).as("registering %s after the account %s: %s", name, squat, next)
                    .isEqualTo(201);
            String operator = next.json().path("operatorUsername").asText();
            assertThat(operator).isEqualTo(next.json().path("systemCode").asText()).startsWith(code);
            assertThat(api.token(operator, next.json().path("oneTimePassword").asText()).status()).isEqualTo(200);
        }
    }

    @Test
    void aGrassrootsUnionHasNoChildrenAndTheRefusalSaysSo() {
        Response zh = api.post("/api/unions", a.reviewer(), Forms.minimalGrassroots(a.grassrootsId(), "下级工会"));
        assertThat(zh.status()).as("%s", zh).isEqualTo(400);
        JsonNode error = RegistryFlowTest.errorFor(zh.json(), "parentId");
        assertThat(error.path("code").asText()).isEqualTo("union.grassroots-has-no-children");
        // Not "only grassroots unions can be registered here": nothing can be registered under a grassroots union.
        assertThat(error.path("message").asText()).doesNotContain("只能登记基层工会").contains("基层工会下不能");
        Response en = api.post("/api/unions", a.reviewer(), Forms.minimalGrassroots(a.grassrootsId(), "下级工会"),
                "Accept-Language", "en");
        assertThat(RegistryFlowTest.errorFor(en.json(), "parentId").path("message").asText())
                .doesNotContain("null").contains("no unions under it");
    }

    private static List<String> ids(Response list) {
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        return StreamSupport.stream(list.json().path("items").spliterator(), false)
                .map(i -> i.path("id").asText()).toList();
    }
}
