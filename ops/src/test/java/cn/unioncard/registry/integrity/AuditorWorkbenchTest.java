package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.unioncard.registry.integrity.ChainSupport.awaitSealed;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auditor's tools on the running registry: the event stream paged to its end is the store in
 * order; its filters; masked and revealed payloads, each read recorded; its NDJSON pages put together
 * verify offline; the as-of state of a union, a member with their card and a batch equals what the
 * live resources showed at those instants; and the chain check names an index that is neither sealed
 * nor a recorded gap.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditorWorkbenchTest {

    private static final String PURPOSE = "annual audit sample 2026";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final String CARD_NUMBER = "6222020200112345678";

    private RunningRegistry registry;
    private Api api;
    private JdbcTemplate jdbc;
    private String admin;
    private String auditor;
    private String operator;
    private String reviewer;
    private String unionId;
    private MemberData.Form form;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        jdbc = registry.jdbc();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        Response district = api.post("/api/unions", admin, Forms.district(city, "思明区总工会"));
        String districtId = district.json().path("unionId").asText();
        Response union = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门审计样本有限公司工会"));
        unionId = union.json().path("unionId").asText();
        operator = api.loginAndChangePassword(union.json().path("operatorUsername").asText(),
                union.json().path("oneTimePassword").asText(), "Operator-Password-A1");
        reviewer = MemberSupport.account(api, admin, "audit.reviewer", "DISTRICT_REVIEWER", districtId);
        auditor = MemberSupport.account(api, admin, "audit.auditor", "AUDITOR", city);
        for (int n = 0; n < 6; n++) {
            Response r = api.post("/api/unions/" + unionId + "/members", operator, MemberData.numbered(7100 + n).json());
            assertThat(r.status()).as("%s", r).isEqualTo(201);
        }
        form = MemberData.numbered(7200);
        awaitSealed(jdbc, 20_000);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private Response events(String query, String... headers) {
        return api.get("/api/audit/events" + query, auditor, headers);
    }

    @Test
    @Order(1)
    void the_stream_paged_to_its_end_is_the_whole_store_in_order_without_duplicates_or_holes() {
        List<Long> seen = new ArrayList<>();
        long after = 0;
        for (int pages = 0; pages < 1000; pages++) {
            Response page = events("?limit=7&afterPosition=" + after);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            page.json().path("items").forEach(i -> seen.add(i.path("position").asLong()));
            after = page.json().path("nextAfterPosition").asLong();
            if (!page.json().path("hasMore").asBoolean()) {
                break;
            }
            assertThat(page.header("Link").orElse("")).contains("afterPosition=" + after).contains("rel=\"next\"");
        }
        List<Long> stored = jdbc.queryForList("select global_index from domain_event_entry where global_index <= ? "
                + "order by global_index", Long.class, after);
        assertThat(seen).isEqualTo(stored).doesNotHaveDuplicates();
        assertThat(seen).hasSizeGreaterThan(20);
    }

    @Test
    @Order(2)
    void the_filters_select_by_aggregate_type_and_id_payload_type_and_time() {
        String member = jdbc.queryForObject("select aggregate_identifier from domain_event_entry where type = 'Member' "
                + "order by global_index limit 1", String.class);
        JsonNode byType = events("?aggregateType=member&limit=1000").json();
        assertThat(byType.path("items").size()).isEqualTo(6);
        byType.path("items").forEach(i -> assertThat(i.path("aggregateType").asText()).isEqualTo("Member"));
        JsonNode byId = events("?aggregateId=" + member).json();
        assertThat(byId.path("items")).singleElement().satisfies(i -> {
            assertThat(i.path("aggregateId").asText()).isEqualTo(member);
            assertThat(i.path("sequence").asLong()).isZero();
            assertThat(i.path("type").asText()).isEqualTo("MemberRegistered");
            assertThat(i.path("payloadType").asText()).isEqualTo("cn.unioncard.registry.events.member.MemberRegistered");
            assertThat(i.path("metadata").path("actor.role").asText()).isEqualTo("UNION_OPERATOR");
        });
        JsonNode byPayload = events("?payloadType=UnionRegistered&limit=1000").json();
        assertThat(byPayload.path("items").size()).isEqualTo(3);
        assertThat(events("?payloadType=cn.unioncard.registry.events.union.UnionRegistered").json().path("items").size())
                .isEqualTo(3);
        String tomorrow = TODAY.plusDays(1).toString();
        assertThat(events("?from=" + tomorrow).json().path("items").size()).isZero();
        assertThat(events("?to=" + TODAY.minusDays(1)).json().path("items").size()).isZero();
        assertThat(events("?from=" + TODAY + "&aggregateType=Member&limit=1000").json().path("items").size()).isEqualTo(6);
        for (String bad : List.of("limit=0", "limit=1001", "afterPosition=-1", "from=yesterday", "to=2026-13-01",
                "payloadType=a%20b")) {
            Response refused = events("?" + bad);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body()).as(bad).contains(bad.substring(0, bad.indexOf('=')));
        }
        assertThat(api.get("/api/audit/events", admin).status()).isEqualTo(403);
    }

    @Test
    @Order(3)
    void payloads_are_masked_unless_revealed_with_a_purpose_and_every_page_is_recorded() {
        Response created = api.post("/api/unions/" + unionId + "/members", operator, form.json());
        String member = created.json().path("memberId").asText();
        awaitSealed(jdbc, 20_000);
        long mark = MemberSupport.maxGlobalIndex(registry);
        Response masked = events("?aggregateId=" + member);
        JsonNode details = masked.json().path("items").get(0).path("payload").path("details");
        String idNumber = form.idNumber;
        assertThat(details.path("idNumber").asText()).isEqualTo(Masking.idNumber(idNumber));
        assertThat(details.path("mobile").asText()).isEqualTo(Masking.mobile(form.mobile));
        assertThat(details.path("name").asText()).isNotEqualTo(form.name)
                .startsWith(form.name.substring(0, 1));
        assertThat(masked.body()).doesNotContain(idNumber).doesNotContain(form.name);
        List<MemberSupport.Access> reads = MemberSupport.accessesAfter(registry, mark);
        assertThat(reads).singleElement().satisfies(a -> {
            assertThat(a.memberIds()).containsExactly(member);
            assertThat(a.payload().path("revealed").asBoolean()).isFalse();
        });

        Response noPurpose = events("?reveal=true&aggregateId=" + member);
        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(noPurpose.body()).contains("purpose");
        long mark2 = MemberSupport.maxGlobalIndex(registry);
        Response revealed = events("?reveal=true&aggregateId=" + member, "X-Purpose", PURPOSE);
        assertThat(revealed.status()).as("%s", revealed).isEqualTo(200);
        assertThat(revealed.json().path("items").get(0).path("payload").path("details").path("idNumber").asText())
                .isEqualTo(idNumber);
        assertThat(MemberSupport.accessesAfter(registry, mark2)).singleElement().satisfies(a -> {
            assertThat(a.payload().path("revealed").asBoolean()).isTrue();
            assertThat(a.payload().path("purpose").asText()).isNotBlank();
        });
    }

    @Test
    @Order(4)
    void the_ndjson_pages_put_together_verify_offline(@TempDir Path dir) throws Exception {
        awaitSealed(jdbc, 20_000);
        JsonNode digest = api.post("/api/audit/checkpoints", auditor, null).json();
        Files.writeString(dir.resolve("digest.json"), digest.toString());
        StringBuilder all = new StringBuilder();
        long after = 0;
        int pages = 0;
        while (true) {
            Response page = events("?limit=9&afterPosition=" + after, "Accept", "application/x-ndjson");
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            assertThat(page.contentType()).startsWith("application/x-ndjson");
            all.append(page.body());
            pages++;
            after = Long.parseLong(page.header("X-Next-After-Position").orElseThrow());
            if (!Boolean.parseBoolean(page.header("X-Has-More").orElseThrow())) {
                break;
            }
        }
        assertThat(pages).isGreaterThan(3);
        assertThat(after).isGreaterThanOrEqualTo(digest.path("position").asLong());
        assertThat(all.toString()).startsWith("{\"format\":\"ucr-events-2\"");
        Files.writeString(dir.resolve("pages.ndjson"), all.toString());
        Verdict v = verify("--file", dir.resolve("pages.ndjson").toString(), "--digest",
                dir.resolve("digest.json").toString());
        assertThat(v.exit).as(v.output).isZero();
        assertThat(v.output).startsWith("INTACT");
    }

    @Test
    @Order(5)
    void the_as_of_states_equal_what_the_live_resources_showed_at_those_instants() throws Exception {
        Instant beforeIt = Instant.now();
        Thread.sleep(20);
        MemberData.Form f = MemberData.numbered(7300);
        String member = api.post("/api/unions/" + unionId + "/members", operator, f.json()).json()
                .path("memberId").asText();
        Thread.sleep(20);
        Instant t1 = Instant.now();
        JsonNode live1 = api.get("/api/members/" + member + "?reveal=true", operator, "X-Purpose", "audit-compare").json();
        JsonNode union1 = api.get("/api/unions/" + unionId, admin).json();
        Thread.sleep(20);
        assertThat(MemberSupport.patch(api, "/api/members/" + member, operator, Map.of("mobile", "13600001111"),
                "If-Match", "\"0\"").status()).isEqualTo(204);
        assertThat(api.post("/api/members/" + member + "/authorisation", operator, Map.of("receivedOn",
                TODAY.toString(), "scanReference", "S-audit")).status()).isEqualTo(204);
        assertThat(api.put("/api/unions/" + unionId, admin, Forms.minimalGrassroots(union1.path("parentId").asText(),
                "厦门审计样本改名工会"), "If-Match", "\"" + union1.path("version").asLong() + "\"").status()).isEqualTo(204);
        Thread.sleep(20);
        Instant t2 = Instant.now();
        JsonNode live2 = api.get("/api/members/" + member + "?reveal=true", operator, "X-Purpose", "audit-compare").json();
        JsonNode union2 = api.get("/api/unions/" + unionId, admin).json();
        Response submitted = api.post("/api/unions/" + unionId + "/batches", operator, Map.of("memberIds", List.of(member)));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String batch = submitted.json().path("batchId").asText();
        Thread.sleep(20);
        Instant t3 = Instant.now();
        JsonNode batch3 = api.get("/api/batches/" + batch, admin).json();
        assertThat(api.post("/api/batches/" + batch + "/approval", reviewer, Map.of()).status()).isIn(200, 204);
        String cardId = UUID.randomUUID().toString();
        publish(cardId, 0, new CardIssued(cardId, member, unionId, batch, UUID.randomUUID().toString(), CARD_NUMBER,
                CardType.DEBIT, "工商银行思明支行", TODAY));
        publish(cardId, 1, new CardHandedOut(cardId, member, TODAY, "op"));
        publish(cardId, 2, new CardActivated(cardId, member, ActivationChannel.IN_PERSON_AT_BRANCH, "思明支行", TODAY,
                TODAY, "bank"));
        Thread.sleep(20);
        Instant t4 = Instant.now();
        JsonNode batch4 = api.get("/api/batches/" + batch, admin).json();
        assertThat(cn.unioncard.registry.testing.Eventually.eventually(20_000, () -> "ACTIVATED".equals(
                api.get("/api/members/" + member + "/card", admin).json().path("state").asText()))).isTrue();
        JsonNode card4 = api.get("/api/members/" + member + "/card", admin).json();

        String memberState = "/api/audit/member/" + member + "/state";
        assertThat(api.get(memberState + "?asOf=" + beforeIt, auditor).status()).isEqualTo(404);
        assertThat(api.get("/api/audit/union/" + member + "/state", auditor).status()).isEqualTo(404);
        assertThat(api.get("/api/audit/account/" + member + "/state", auditor).status()).isEqualTo(404);
        for (Map.Entry<Instant, JsonNode> at : Map.of(t1, live1, t2, live2).entrySet()) {
            JsonNode s = api.get(memberState + "?reveal=true&asOf=" + at.getKey(), auditor, "X-Purpose",
                    "audit-compare").json();
            JsonNode live = at.getValue();
            assertThat(s.path("sequence").asLong()).isEqualTo(live.path("version").asLong());
            assertThat(s.path("state").path("unionId").asText()).isEqualTo(live.path("unionId").asText());
            assertThat(s.path("state").path("status").asText()).isEqualTo(live.path("status").asText());
            assertThat(s.path("state").path("authorised").asBoolean()).isEqualTo(live.path("authorised").asBoolean());
            assertThat(s.path("state").path("authorisedOn")).isEqualTo(live.path("authorisedOn"));
            assertThat(s.path("state").path("details")).isEqualTo(live.path("details"));
        }
        JsonNode masked = api.get(memberState + "?asOf=" + t1, auditor).json();
        assertThat(masked.path("state").path("details").path("idNumber").asText())
                .isEqualTo(Masking.idNumber(f.idNumber));
        assertThat(masked.toString()).doesNotContain(f.idNumber);
        assertThat(api.get(memberState + "?reveal=true", auditor).status()).isEqualTo(400);

        for (Map.Entry<Instant, JsonNode> at : Map.of(t1, union1, t2, union2).entrySet()) {
            JsonNode s = api.get("/api/audit/union/" + unionId + "/state?asOf=" + at.getKey(), auditor).json();
            assertThat(s.path("sequence").asLong()).isEqualTo(at.getValue().path("version").asLong());
            assertThat(s.path("state").path("name")).isEqualTo(at.getValue().path("name"));
            assertThat(s.path("state").path("systemCode")).isEqualTo(at.getValue().path("systemCode"));
            assertThat(s.path("state").path("profile")).isEqualTo(at.getValue().path("profile"));
        }

        for (Map.Entry<Instant, JsonNode> at : Map.of(t3, batch3, t4, batch4).entrySet()) {
            JsonNode s = api.get("/api/audit/batch/" + batch + "/state?asOf=" + at.getKey(), auditor).json();
            JsonNode live = at.getValue().path("batch");
            assertThat(s.path("state").path("status")).isEqualTo(live.path("status"));
            assertThat(s.path("state").path("memberCount")).isEqualTo(live.path("memberCount"));
            assertThat(s.path("state").path("approvedCount")).isEqualTo(live.path("approvedCount"));
            assertThat(s.path("state").path("members").get(0).path("state"))
                    .isEqualTo(at.getValue().path("members").path("items").get(0).path("state"));
        }
        assertThat(api.get("/api/audit/batch/" + batch + "/state?asOf=" + t2, auditor).status()).isEqualTo(404);

        JsonNode card = api.get(memberState + "?asOf=" + t4, auditor).json().path("state").path("card");
        for (String field : List.of("cardId", "batchId", "state", "cardNumber", "issuedOn", "handedOutOn",
                "activatedOn")) {
            assertThat(card.path(field)).as(field).isEqualTo(card4.path(field));
        }
        assertThat(card.path("cover").path("startsOn")).isEqualTo(card4.path("cover").path("startsOn"));
        assertThat(api.get(memberState + "?asOf=" + t3, auditor).json().path("state").path("card").isNull()).isTrue();
    }

    @Test
    @Order(6)
    void an_erased_members_fields_show_as_erased_in_the_stream_and_the_state_even_when_revealed() {
        String dpo = MemberSupport.account(api, admin, "audit.dpo", "DPO", MemberSupport.cityId(api, admin));
        MemberData.Form f = MemberData.numbered(7400);
        String member = api.post("/api/unions/" + unionId + "/members", operator, f.json()).json()
                .path("memberId").asText();
        assertThat(api.post("/api/members/" + member + "/erasure", dpo, Map.of("legalBasis",
                "《个人信息保护法》第四十七条：会员撤回同意")).status()).isEqualTo(204);
        awaitSealed(jdbc, 20_000);
        for (String query : List.of("", "&reveal=true&purpose=" + "erasure-check")) {
            Response page = events("?aggregateId=" + member + query);
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            JsonNode details = page.json().path("items").get(0).path("payload").path("details");
            assertThat(details.path("idNumber").asText()).isEqualTo("erased");
            assertThat(details.path("name").asText()).isEqualTo("erased");
            assertThat(page.json().path("items").get(1).path("type").asText()).isEqualTo("PersonalDataErased");
            assertThat(page.body()).doesNotContain(f.idNumber).doesNotContain(f.name);
        }
        JsonNode state = api.get("/api/audit/member/" + member + "/state?reveal=true&purpose=erasure-check", auditor)
                .json();
        assertThat(state.path("state").path("details").asText()).isEqualTo("erased");
        assertThat(state.path("state").path("erased").asBoolean()).isTrue();
    }

    @Test
    @Order(7)
    void verify_names_an_index_that_is_neither_sealed_nor_a_recorded_gap(@TempDir Path dir) throws Exception {
        awaitSealed(jdbc, 20_000);
        JsonNode digest = api.post("/api/audit/checkpoints", auditor, null).json();
        Files.writeString(dir.resolve("digest.json"), digest.toString());
        long victim = jdbc.queryForObject("select global_index from domain_event_entry where payload_type like "
                + "'%MemberRegistered' order by global_index limit 1", Long.class);
        registry.tamper("delete from domain_event_entry where global_index = " + victim,
                "delete from event_seal where global_index = " + victim);
        JsonNode report = ChainSupport.verify(api, auditor, "");
        assertThat(report.path("intact").asBoolean()).as("%s", report).isFalse();
        assertThat(report.path("kind").asText()).isEqualTo("MISSING_INDEX");
        assertThat(report.path("firstMismatch").asLong()).isEqualTo(victim);
        var db = registry.context().getBean(cn.unioncard.registry.ops.database.DatabaseEndpoint.class);
        Verdict fromDb = verify("--jdbc", db.url(), "--user", db.ownerUser(), "--password", db.ownerPassword(),
                "--digest", dir.resolve("digest.json").toString());
        assertThat(fromDb.exit).isEqualTo(1);
        assertThat(fromDb.output).startsWith("BROKEN at position " + victim + ": MISSING_INDEX");
        Files.writeString(dir.resolve("export.ndjson"), api.get("/api/audit/export", auditor).body());
        Verdict fromFile = verify("--file", dir.resolve("export.ndjson").toString(), "--digest",
                dir.resolve("digest.json").toString());
        assertThat(fromFile.output).startsWith("BROKEN at position " + victim + ": MISSING_INDEX");
    }

    private void publish(String cardId, long sequence, Object event) {
        Actor actor = new Actor("audit.bank", Role.BANK_OPERATOR, null, "127.0.0.1", "audit-test", null);
        registry.context().getBean(EventBus.class).publish(new GenericDomainEventMessage<>("Card", cardId, sequence,
                event, AuditMetadata.of(actor)));
    }

    record Verdict(int exit, String output) {
    }

    private static Verdict verify(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = VerifyChain.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Verdict(exit, bytes.toString(StandardCharsets.UTF_8).trim());
    }
}
