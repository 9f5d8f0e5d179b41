package cn.unioncard.registry.it.batch;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command side of batches over HTTP on the real database: register, authorise, submit, correct
 * one member, the approval refused naming it, then approved with it excluded and the member free
 * for the resubmission that replaces the batch.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchFlowTest {

    private RunningRegistry registry;
    private Api api;
    private String union;
    private String operator;
    private String reviewer;
    private String dpo;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        String cityId = MemberSupport.cityId(api, admin);
        Response district = api.post("/api/unions", admin, Forms.district(cityId, "思明区总工会"));
        assertThat(district.status()).as("%s", district).isEqualTo(201);
        String districtId = district.json().path("unionId").asText();
        Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门鹭江数据服务有限公司工会"));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        union = g.json().path("unionId").asText();
        operator = api.loginAndChangePassword(g.json().path("systemCode").asText(),
                g.json().path("oneTimePassword").asText(), "Operator-Pass-2026");
        reviewer = MemberSupport.account(api, admin, "reviewer-siming", "DISTRICT_REVIEWER", districtId);
        dpo = MemberSupport.account(api, admin, "dpo-city", "DPO", cityId);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private String registerAndAuthorise(int n) {
        Map<String, Object> form = MemberData.form("会员" + "甲乙丙".charAt(n), ResidentIds.fresh(), "1395920173" + n).json();
        Response created = api.post("/api/unions/" + union + "/members", operator, form);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("memberId").asText();
        Response authorised = api.post("/api/members/" + id + "/authorisation", operator,
                Map.of("receivedOn", "2026-11-20", "scanReference", "SQ-" + n));
        assertThat(authorised.status()).as("%s", authorised).isEqualTo(204);
        return id;
    }

    @Test
    void aMemberCorrectedAfterSubmissionBlocksTheApprovalUntilExcludedAndIsFreeForTheResubmission() {
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            ids.add(registerAndAuthorise(n));
        }
        Response unknownField = api.post("/api/unions/" + union + "/batches", operator,
                Map.of("memberIds", ids, "urgent", true));
        assertThat(unknownField.status()).as("%s", unknownField).isEqualTo(400);
        Response wrongType = api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", "yes"));
        assertThat(wrongType.status()).as("%s", wrongType).isEqualTo(400);

        Response submitted = api.post("/api/unions/" + union + "/batches", operator, Map.of("memberIds", ids));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String batchId = submitted.json().path("batchId").asText();
        assertThat(submitted.header("Location")).hasValue("/api/batches/" + batchId);
        assertThat(submitted.json().path("count").asInt()).isEqualTo(3);
        assertThat(submitted.json().path("contentHash").asText()).matches("[0-9a-f]{64}");
        assertThat(submitted.json().path("leftOutUnauthorised").asInt()).isZero();

        Response again = api.post("/api/unions/" + union + "/batches", operator, Map.of("memberIds", ids.subList(0, 1)));
        assertThat(again.status()).as("%s", again).isEqualTo(400);
        assertThat(MemberSupport.errorFor(again.json(), "memberIds[0]").path("code").asText())
                .isEqualTo("batch.member-in-batch");

        String corrected = ids.get(1);
        Response patched = MemberSupport.patch(api, "/api/members/" + corrected, operator,
                Map.of("mobile", "13600001111"), "If-Match", "\"1\"");
        assertThat(patched.status()).as("%s", patched).isEqualTo(204);

        Response stale = api.post("/api/batches/" + batchId + "/approval", reviewer, Map.of());
        assertThat(stale.status()).as("%s", stale).isEqualTo(409);
        assertThat(stale.body()).contains(corrected).doesNotContain(ids.get(0)).doesNotContain(ids.get(2));

        Response byClerk = api.post("/api/batches/" + batchId + "/approval", operator, Map.of());
        assertThat(byClerk.status()).as("%s", byClerk).isEqualTo(403);

        Response approved = api.post("/api/batches/" + batchId + "/approval", reviewer,
                Map.of("excluded", Map.of(corrected, "手机号码已更正，请重新上报")));
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        assertThat(approved.json().path("batchId").asText()).isEqualTo(batchId);

        Response twice = api.post("/api/batches/" + batchId + "/approval", reviewer, Map.of());
        assertThat(twice.status()).as("%s", twice).isEqualTo(409);

        assertThat(storedTypes(batchId)).containsExactly("BatchSubmitted", "BatchPartlyApproved", "BatchMemberReturned");
        // The reviewer's reason is about the member: sealed under the member's key, never in clear.
        assertThat(registry.jdbc().queryForList("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ?", String.class, batchId)).noneMatch(p -> p.contains("手机号码已更正"));

        Response resubmitted = api.post("/api/unions/" + union + "/batches", operator,
                Map.of("memberIds", List.of(corrected), "replaces", batchId));
        assertThat(resubmitted.status()).as("%s", resubmitted).isEqualTo(201);
        assertThat(resubmitted.json().path("count").asInt()).isEqualTo(1);

        // The DPO's erasure wins over the approved batch, which records it in the same transaction.
        Response erased = api.post("/api/members/" + ids.get(0) + "/erasure", dpo,
                Map.of("legalBasis", "《个人信息保护法》第四十七条：会员撤回同意"));
        assertThat(erased.status()).as("%s", erased).isEqualTo(204);
        assertThat(storedTypes(batchId)).containsExactly("BatchSubmitted", "BatchPartlyApproved", "BatchMemberReturned",
                "BatchMemberErased");
    }

    @Test
    void authorisationDatesReadBackByV19AreInClearInTheStoredEvents() {
        registerAndAuthorise(0);
        // The expression V19 backfills membership_lookup.authorised_on with, on events as this version stores them.
        List<String> dates = registry.jdbc().queryForList("""
                select convert_from(payload, 'UTF8')::jsonb ->> 'receivedOn' from domain_event_entry
                where payload_type = 'cn.unioncard.registry.events.member.MemberAuthorisationRecorded'
                  and jsonb_typeof(convert_from(payload, 'UTF8')::jsonb -> 'receivedOn') = 'string'""", String.class);
        assertThat(dates).isNotEmpty().allMatch("2026-11-20"::equals);
    }

    private List<String> storedTypes(String batchId) {
        return registry.jdbc().queryForList("select payload_type from domain_event_entry where aggregate_identifier = ? "
                        + "order by sequence_number", String.class, batchId).stream()
                .map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }
}
