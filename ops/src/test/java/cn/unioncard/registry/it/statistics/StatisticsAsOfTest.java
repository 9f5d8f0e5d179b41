package cn.unioncard.registry.it.statistics;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics on the real database, members and batches moved through the real commands (card events
 * published as the card commands will): the figures as of an instant between two steps, recomputed
 * from the stored events afterwards, equal the live figures read at that instant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsAsOfTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String districtId;
    private String union;
    private String operator;
    private String reviewer;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String cityId = MemberSupport.cityId(api, admin);
        Response district = api.post("/api/unions", admin, Forms.district(cityId, "思明区总工会"));
        assertThat(district.status()).as("%s", district).isEqualTo(201);
        districtId = district.json().path("unionId").asText();
        Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门鹭江数据服务有限公司工会"));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        union = g.json().path("unionId").asText();
        operator = api.loginAndChangePassword(g.json().path("systemCode").asText(),
                g.json().path("oneTimePassword").asText(), "Operator-Pass-2026");
        reviewer = MemberSupport.account(api, admin, "reviewer-siming", "DISTRICT_REVIEWER", districtId);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private String register(int n, boolean authorise) {
        Map<String, Object> form = MemberData.form("会员" + "甲乙丙丁".charAt(n), ResidentIds.fresh(), "1395920173" + n)
                .json();
        Response created = api.post("/api/unions/" + union + "/members", operator, form);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("memberId").asText();
        if (authorise) {
            Response authorised = api.post("/api/members/" + id + "/authorisation", operator,
                    Map.of("receivedOn", "2026-11-20", "scanReference", "SQ-" + n));
            assertThat(authorised.status()).as("%s", authorised).isEqualTo(204);
        }
        return id;
    }

    private JsonNode statistics(String asOf) {
        String query = "/api/statistics?unionId=" + districtId
                + (asOf == null ? "" : "&asOf=" + URLEncoder.encode(asOf, StandardCharsets.UTF_8));
        Response r = api.get(query, admin);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        ObjectNode json = (ObjectNode) r.json();
        json.remove("asOf");
        return json;
    }

    private static JsonNode members(JsonNode statistics) {
        return statistics.path("total").path("members");
    }

    @Test
    void the_figures_as_of_an_instant_between_two_steps_equal_the_live_figures_read_then() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            ids.add(register(n, n < 2));
        }
        register(3, false);
        Response submitted = api.post("/api/unions/" + union + "/batches", operator,
                Map.of("memberIds", ids.subList(0, 2)));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String batchId = submitted.json().path("batchId").asText();
        Response approved = api.post("/api/batches/" + batchId + "/approval", reviewer, Map.of());
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);

        JsonNode between = statistics(null);
        Instant instant = Instant.now();
        Thread.sleep(50);
        assertThat(members(between).path("registered").asLong()).isEqualTo(4);
        assertThat(members(between).path("authorised").asLong()).isEqualTo(2);
        assertThat(members(between).path("approved").asLong()).isEqualTo(2);
        assertThat(members(between).path("handedToBank").asLong()).isZero();

        Response handedOver = api.post("/api/batches/" + batchId + "/handover", operator,
                Map.of("branch", "工行思明支行", "handedOverOn", Today.inXiamen().toString(), "carriedBy", "王五"));
        assertThat(handedOver.status()).as("%s", handedOver).isEqualTo(200);
        EventGateway events = registry.context().getBean(EventGateway.class);
        String cardId = UUID.randomUUID().toString();
        events.publish(new CardIssued(cardId, ids.get(0), union, batchId, "run-1", "6222020200112233445",
                CardType.DEBIT, "工行思明支行", Today.inXiamen()));
        events.publish(new CardHandedOut(cardId, ids.get(0), Today.inXiamen(), "operator"));

        JsonNode after = statistics(null);
        assertThat(members(after).path("handedToBank").asLong()).isEqualTo(2);
        assertThat(members(after).path("issued").asLong()).isEqualTo(1);
        assertThat(members(after).path("handedOut").asLong()).isEqualTo(1);
        assertThat(after.path("total").path("cardTypes").path("issuedDebit").asLong()).isEqualTo(1);

        String asOf = OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(8)).toString();
        assertThat(statistics(asOf)).isEqualTo(between);
        assertThat(statistics(OffsetDateTime.now(ZoneOffset.ofHours(8)).toString())).isEqualTo(after);
        // Before the district was registered it did not exist.
        Response before = api.get("/api/statistics?unionId=" + districtId + "&asOf="
                + URLEncoder.encode("2020-01-01T00:00:00+08:00", StandardCharsets.UTF_8), admin);
        assertThat(before.status()).as("%s", before).isEqualTo(404);
    }

    @Test
    void a_malformed_or_future_instant_is_refused_naming_asOf() {
        for (String asOf : List.of("yesterday", "2026-06-30", OffsetDateTime.now().plusDays(1).toString())) {
            Response r = api.get("/api/statistics?asOf=" + URLEncoder.encode(asOf, StandardCharsets.UTF_8), admin);
            assertThat(r.status()).as("%s", r).isEqualTo(400);
            assertThat(r.body()).contains("asOf");
        }
    }

    @Test
    void a_union_outside_the_callers_subtree_does_not_exist() {
        Response r = api.get("/api/statistics?unionId=" + districtId, operator);
        assertThat(r.status()).as("%s", r).isEqualTo(404);
        Response own = api.get("/api/statistics", operator);
        assertThat(own.status()).as("%s", own).isEqualTo(200);
        assertThat(own.json().path("unionId").asText()).isEqualTo(union);
    }

    @Test
    void the_workbook_downloads_with_a_sheet_per_table_and_the_progress_chart() throws Exception {
        var r = api.download("/api/statistics.xlsx?unionId=" + districtId, admin);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("spreadsheetml"));
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            assertThat(wb.getNumberOfSheets()).isEqualTo(12);
            assertThat(wb.getSheetAt(0).getDrawingPatriarch().getCharts()).hasSize(1);
        }
    }
}
