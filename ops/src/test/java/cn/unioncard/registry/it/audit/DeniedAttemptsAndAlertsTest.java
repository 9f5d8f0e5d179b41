package cn.unioncard.registry.it.audit;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Denied attempts through HTTP, one test per kind, each recorded as an AccessDenied event naming the kind, the
 * method, the path template and the actor; the alerts list and its acknowledgement; one account's activity.
 * Small thresholds (3 denials in 10 minutes) so that an alert is a few requests away.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeniedAttemptsAndAlertsTest {

    private static final String PURPOSE = "核对会员信息以便办卡";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;
    private String districtA;
    private String districtB;
    private String memberA;
    private String reviewer;
    private String auditor;
    private String dpo;
    private String bank;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh("registry.alerts.denial-threshold=3");
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = MemberSupport.cityId(api, admin);
        districtA = created(api.post("/api/unions", admin, Forms.district(cityId, "思明区总工会")));
        districtB = created(api.post("/api/unions", admin, Forms.district(cityId, "湖里区总工会")));
        String grassroots = created(api.post("/api/unions", admin, Forms.minimalGrassroots(districtA, "思明食品厂工会")));
        Response member = api.post("/api/unions/" + grassroots + "/members", admin, MemberData.form("陈拒绝",
                ResidentIds.of("350203", LocalDate.of(1986, 2, 3), 31), "13859207788").json());
        assertThat(member.status()).as("%s", member).isEqualTo(201);
        memberA = member.json().path("memberId").asText();
        reviewer = MemberSupport.account(api, admin, "denial.reviewer", "DISTRICT_REVIEWER", districtA);
        auditor = MemberSupport.account(api, admin, "denial.auditor", "AUDITOR", cityId);
        dpo = MemberSupport.account(api, admin, "denial.dpo", "DPO", cityId);
        bank = MemberSupport.account(api, admin, "denial.bank", "BANK_OPERATOR", cityId);
        MemberSupport.account(api, admin, "denial.victim", "AUDITOR", cityId);
        MemberSupport.account(api, admin, "denial.locked", "AUDITOR", cityId);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    // ------------------------------------------------------------------ one test per kind of denial

    @Test
    void a_read_outside_the_callers_subtree_is_recorded_as_out_of_scope() {
        long mark = head();
        assertThat(api.get("/api/unions/" + districtB, reviewer).status()).isEqualTo(404);
        assertThat(denialsAfter(mark)).singleElement().satisfies(d -> {
            assertThat(d.payload().path("kind").asText()).isEqualTo("OUT_OF_SCOPE");
            assertThat(d.payload().path("method").asText()).isEqualTo("GET");
            assertThat(d.payload().path("endpoint").asText()).isEqualTo("GET /api/unions/{id}");
            assertThat(d.metaData().path("actor.user").asText()).isEqualTo("denial.reviewer");
            assertThat(d.raw()).doesNotContain(districtB);
        });
    }

    @Test
    void a_refusal_of_the_role_is_recorded_as_forbidden() {
        long mark = head();
        assertThat(api.get("/api/users", bank).status()).isEqualTo(403);
        assertThat(denialsAfter(mark)).singleElement().satisfies(d -> {
            assertThat(d.payload().path("kind").asText()).isEqualTo("FORBIDDEN");
            assertThat(d.payload().path("endpoint").asText()).isEqualTo("GET /api/users");
            assertThat(d.metaData().path("actor.user").asText()).isEqualTo("denial.bank");
        });
    }

    @Test
    void full_data_asked_for_by_a_role_that_may_not_see_it_is_recorded_as_reveal_not_allowed() {
        long mark = head();
        Response r = api.get("/api/members/" + memberA + "?reveal=true&purpose=" + enc(PURPOSE), auditor);
        assertThat(r.status()).as("%s", r).isEqualTo(403);
        assertThat(denialsAfter(mark)).singleElement().satisfies(d -> {
            assertThat(d.payload().path("kind").asText()).isEqualTo("REVEAL_NOT_ALLOWED");
            assertThat(d.payload().path("endpoint").asText()).isEqualTo("GET /api/members/{id}");
            assertThat(d.raw()).doesNotContain(memberA);
        });
    }

    @Test
    void full_data_asked_for_without_a_purpose_is_recorded_as_purpose_missing() {
        long mark = head();
        Response r = api.get("/api/members/" + memberA + "?reveal=true", admin);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(denialsAfter(mark)).singleElement().satisfies(d -> {
            assertThat(d.payload().path("kind").asText()).isEqualTo("PURPOSE_MISSING");
            assertThat(d.metaData().path("actor.user").asText()).isEqualTo(ADMIN);
        });
    }

    @Test
    void a_login_with_a_wrong_password_is_recorded_under_the_account_name() {
        long mark = head();
        assertThat(api.token("denial.victim", "Not-the-password-1").status()).isEqualTo(401);
        assertThat(denialsAfter(mark)).singleElement().satisfies(d -> {
            assertThat(d.payload().path("kind").asText()).isEqualTo("WRONG_PASSWORD");
            assertThat(d.payload().path("endpoint").asText()).isEqualTo("POST /api/auth/token");
            assertThat(d.payload().path("attemptedUserKey").isNull()).isTrue();
            assertThat(d.metaData().path("actor.user").asText()).isEqualTo("denial.victim");
            assertThat(d.metaData().path("actor.role").asText()).isEqualTo("ANONYMOUS");
        });
    }

    @Test
    void a_login_to_a_locked_account_is_recorded_as_account_locked() {
        Response last = null;
        for (int i = 0; i < 6; i++) {
            last = api.token("denial.locked", "Not-the-password-" + i);
        }
        assertThat(last.status()).as("%s", last).isEqualTo(429);
        long mark = head();
        assertThat(api.token("denial.locked", "Password-of-denial.locked").status()).isEqualTo(429);
        assertThat(denialsAfter(mark)).singleElement().satisfies(d -> {
            assertThat(d.payload().path("kind").asText()).isEqualTo("ACCOUNT_LOCKED");
            assertThat(d.metaData().path("actor.user").asText()).isEqualTo("denial.locked");
        });
    }

    @Test
    void a_login_under_an_unknown_name_stores_a_keyed_hash_and_never_the_name() {
        String name = "zhangwei.secret-pw-19861203";
        long mark = head();
        assertThat(api.token(name, "Whatever-123456").status()).isEqualTo(401);
        assertThat(api.token(name, "Whatever-654321").status()).isEqualTo(401);
        List<Denial> denials = denialsAfter(mark);
        assertThat(denials).hasSize(2).allSatisfy(d -> {
            assertThat(d.payload().path("kind").asText()).isEqualTo("UNKNOWN_USER");
            assertThat(d.payload().path("attemptedUserKey").asText()).matches("[0-9a-f]{64}");
            assertThat(d.metaData().path("actor.user").asText()).isEqualTo("?");
        });
        assertThat(denials.get(0).payload().path("attemptedUserKey"))
                .as("the same name, the same key").isEqualTo(denials.get(1).payload().path("attemptedUserKey"));
        // Every byte of the event table, and the denial index once it has caught up.
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        for (Map<String, Object> row : registry.jdbc().queryForList(
                "select payload, meta_data from domain_event_entry")) {
            for (Object column : row.values()) {
                if (column instanceof byte[] bytes) {
                    assertThat(indexOf(bytes, nameBytes)).as("the name in the event table").isEqualTo(-1);
                }
            }
        }
        assertThat(eventually(10_000, () -> count("select count(*) from access_denial where kind = 'UNKNOWN_USER'") >= 2))
                .isTrue();
        assertThat(count("select count(*) from access_denial where actor_user like '%zhangwei%' "
                + "or attempted_user_key like '%zhangwei%'")).isZero();
    }

    // ------------------------------------------------------------------ alerts and their acknowledgement

    @Test
    void repeated_denials_raise_an_alert_that_the_dpo_acknowledges_once() {
        String prober = MemberSupport.account(api, admin, "denial.prober", "DISTRICT_REVIEWER", districtA);
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/api/unions/" + districtB, prober).status()).isEqualTo(404);
        }
        assertThat(eventually(15_000, () -> alertOf("denial.prober", "open").isPresent())).isTrue();
        JsonNode alert = alertOf("denial.prober", "open").orElseThrow();
        assertThat(alert.path("rule").asText()).isEqualTo("REPEATED_DENIALS");
        assertThat(alert.path("count").asInt()).isEqualTo(3);
        assertThat(alert.path("threshold").asInt()).isEqualTo(3);
        assertThat(alert.path("evidence")).hasSize(3);
        assertThat(alert.path("label").asText()).isEqualTo("多次被拒绝的访问");
        assertThat(alert.path("raisedAt").asText()).endsWith("Z");
        String id = alert.path("alertId").asText();
        String path = "/api/audit/alerts/" + id + "/acknowledgement";

        assertThat(api.post(path, dpo, Map.of("note", "  ")).status()).isEqualTo(400);
        Response tooLong = api.post(path, dpo, Map.of("note", "查".repeat(2001)), "Accept-Language", "en");
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().path("errors").get(0).path("field").asText()).isEqualTo("note");
        assertThat(api.post("/api/audit/alerts/no-such-alert/acknowledgement", dpo, Map.of("note", "查无此告警")).status())
                .isEqualTo(404);
        assertThat(api.post(path, auditor, Map.of("note", "审计人员不能确认")).status()).isEqualTo(403);

        Response acknowledged = api.post(path, dpo, Map.of("note", "已核实：测试账号误操作"), "Accept-Language", "en");
        assertThat(acknowledged.status()).as("%s", acknowledged).isEqualTo(200);
        assertThat(acknowledged.json().path("state").asText()).isEqualTo("acknowledged");
        assertThat(acknowledged.json().path("acknowledgedBy").asText()).isEqualTo("denial.dpo");
        assertThat(acknowledged.json().path("note").asText()).isEqualTo("已核实：测试账号误操作");
        assertThat(acknowledged.json().path("label").asText()).isEqualTo("repeated denied attempts");
        assertThat(alertOf("denial.prober", "open")).as("read-your-writes: no longer open").isEmpty();
        assertThat(alertOf("denial.prober", "acknowledged")).isPresent();
        assertThat(alertOf("denial.prober", "all")).isPresent();

        Response again = api.post(path, dpo, Map.of("note", "再次确认"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.get("/api/audit/alerts?state=closed", dpo).status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------ one account's activity

    @Test
    void the_activity_of_an_account_lists_its_own_changes_reads_and_denials_within_the_period() {
        String actor = MemberSupport.account(api, admin, "denial.active", "DISTRICT_REVIEWER", districtA);
        Instant before = Instant.now();
        String union = created(api.post("/api/unions", actor, Forms.minimalGrassroots(districtA, "思明软件园工会")));
        assertThat(api.get("/api/members/" + memberA, actor).status()).isEqualTo(200);
        assertThat(api.get("/api/unions/" + districtB, actor).status()).isEqualTo(404);
        // Someone else's doings in the same period.
        String others = created(api.post("/api/unions", admin, Forms.minimalGrassroots(districtA, "思明港务工会")));
        assertThat(api.get("/api/members/" + memberA, admin).status()).isEqualTo(200);

        String path = "/api/audit/actors/denial.active/activity?from=" + before;
        assertThat(eventually(15_000, () -> {
            JsonNode a = api.get(path, auditor).json();
            return a.path("changes").size() > 0 && a.path("reads").size() > 0 && a.path("denials").size() > 0;
        })).isTrue();
        JsonNode activity = api.get(path, dpo).json();
        assertThat(activity.path("username").asText()).isEqualTo("denial.active");
        List<JsonNode> changes = list(activity.path("changes"));
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.path("aggregateId").asText()).isEqualTo(union);
            assertThat(c.path("type").asText()).isEqualTo("UnionRegistered");
            assertThat(c.path("position").asLong()).isPositive();
        });
        assertThat(changes).extracting(c -> c.path("aggregateId").asText()).doesNotContain(others);
        assertThat(list(activity.path("reads"))).singleElement().satisfies(r -> {
            assertThat(r.path("memberCount").asInt()).isEqualTo(1);
            assertThat(r.path("endpoint").asText()).isEqualTo("GET /api/members/{id}");
        });
        assertThat(list(activity.path("denials"))).singleElement().satisfies(d -> {
            assertThat(d.path("kind").asText()).isEqualTo("OUT_OF_SCOPE");
            assertThat(d.path("endpoint").asText()).isEqualTo("GET /api/unions/{id}");
        });
        assertThat(activity.path("truncated").asBoolean()).isFalse();

        JsonNode earlier = api.get("/api/audit/actors/denial.active/activity?to=" + before, dpo).json();
        assertThat(earlier.path("reads")).isEmpty();
        assertThat(earlier.path("denials")).isEmpty();
        assertThat(api.get("/api/audit/actors/denial.active/activity?from=yesterday", dpo).status()).isEqualTo(400);
        assertThat(api.get("/api/audit/actors/denial.active/activity", bank).status()).isEqualTo(403);
    }

    // ------------------------------------------------------------------ helpers

    record Denial(JsonNode payload, JsonNode metaData, String raw) {
    }

    private List<Denial> denialsAfter(long mark) {
        return registry.jdbc().queryForList("""
                select payload, meta_data from domain_event_entry
                where payload_type like '%AccessDenied' and global_index > ? order by global_index""", mark)
                .stream().map(r -> {
                    String payload = new String((byte[]) r.get("payload"), StandardCharsets.UTF_8);
                    String meta = new String((byte[]) r.get("meta_data"), StandardCharsets.UTF_8);
                    return new Denial(json(payload), json(meta), payload + meta);
                }).toList();
    }

    private Optional<JsonNode> alertOf(String actor, String state) {
        Response r = api.get("/api/audit/alerts?state=" + state, dpo);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return list(r.json().path("items")).stream().filter(a -> actor.equals(a.path("actor").asText())).findFirst();
    }

    private long head() {
        Long max = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private long count(String sql) {
        return registry.jdbc().queryForObject(sql, Long.class);
    }

    private static String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }

    private static List<JsonNode> list(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static JsonNode json(String text) {
        try {
            return Api.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
