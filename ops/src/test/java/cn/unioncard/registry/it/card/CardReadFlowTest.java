package cn.unioncard.registry.it.card;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancellationReason;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChangeReason;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.IssuanceOutcome;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side of cards over HTTP on the running registry: a batch goes to the bank through the API, then
 * the card events are stored as the card side would store them (sealed under each holder's key), and the
 * member's card, its reveal, the run's report, the sign-off sheet and the insurer's list are read back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CardReadFlowTest {

    static final String NUMBER = "6222020200112345678";
    static final String NEW_NUMBER = "6222020200198765432";
    static final String CANCELLED_NUMBER = "6222020200133334444";
    static final String SHORT_NUMBER = "6222600011112222";
    static final String PURPOSE = "会员挂失补卡核对卡号";
    /** java.net.http sends ASCII header values only; the edge takes a Chinese purpose from ?purpose= as well. */
    static final String HEADER_PURPOSE = "checking the number for a replacement card";
    static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    RunningRegistry registry;
    Api api;
    String admin;
    String operator;
    String otherOperator;
    String auditor;
    String bank;
    String dpo;
    String batchId;
    String openBatchId;
    String runId = UUID.randomUUID().toString();
    final List<String> members = new ArrayList<>();
    final List<MemberData.Form> forms = new ArrayList<>();
    final Map<Integer, String> cards = new HashMap<>();
    final Map<String, Long> sequences = new HashMap<>();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = created(api.post("/api/unions", admin, Forms.district(city, "思明区总工会")));
        String otherDistrict = created(api.post("/api/unions", admin, Forms.district(city, "湖里区总工会")));
        Response union = api.post("/api/unions", admin, Forms.minimalGrassroots(district, "厦门鹭江卡务有限公司工会"));
        String unionId = union.json().path("unionId").asText();
        operator = operatorOf(union);
        otherOperator = operatorOf(api.post("/api/unions", admin, Forms.minimalGrassroots(otherDistrict, "湖里卡务工会")));
        String reviewer = MemberSupport.account(api, admin, "card.reviewer", "DISTRICT_REVIEWER", district);
        auditor = MemberSupport.account(api, admin, "card.auditor", "AUDITOR", city);
        bank = MemberSupport.account(api, admin, "card.bank", "BANK_OPERATOR", city);
        dpo = MemberSupport.account(api, admin, "card.dpo", "DPO", city);
        for (int n = 0; n < 5; n++) {
            MemberData.Form form = MemberData.numbered(4100 + n);
            Response r = api.post("/api/unions/" + unionId + "/members", operator, form.json());
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            members.add(r.json().path("memberId").asText());
            forms.add(form);
            Response authorised = api.post("/api/members/" + members.get(n) + "/authorisation", operator,
                    Map.of("receivedOn", TODAY.minusDays(20).toString(), "scanReference", "S-" + n));
            assertThat(authorised.status()).as("%s", authorised).isEqualTo(204);
        }
        Response submitted = api.post("/api/unions/" + unionId + "/batches", operator,
                Map.of("memberIds", members.subList(0, 4)));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        batchId = submitted.json().path("batchId").asText();
        assertThat(api.post("/api/batches/" + batchId + "/approval", reviewer, Map.of()).status()).isIn(200, 204);
        Response handedOver = api.post("/api/batches/" + batchId + "/handover", operator, Map.of("branch",
                "工商银行思明支行", "handedOverOn", TODAY.toString(), "carriedBy", "李工"));
        assertThat(handedOver.status()).as("%s", handedOver).isIn(200, 204);
        Response open = api.post("/api/unions/" + unionId + "/batches", operator, Map.of("memberIds",
                List.of(members.get(4))));
        assertThat(open.status()).as("%s", open).isEqualTo(201);
        openBatchId = open.json().path("batchId").asText();

        // The bank's return: three cards, a stranger, a wrong name; then the cards' lives.
        for (int n : List.of(0, 1, 3)) {
            cards.put(n, UUID.randomUUID().toString());
        }
        publish(runId, "CardIssuanceRun", new CardIssuanceRecorded(runId, batchId, unionId, "xlsx", List.of(
                new IssuanceResult(2, members.get(0), cards.get(0), IssuanceOutcome.ISSUED),
                new IssuanceResult(3, members.get(1), cards.get(1), IssuanceOutcome.ISSUED),
                new IssuanceResult(4, null, null, IssuanceOutcome.NOT_IN_BATCH),
                new IssuanceResult(5, members.get(2), null, IssuanceOutcome.NAME_MISMATCH),
                new IssuanceResult(6, members.get(3), cards.get(3), IssuanceOutcome.ISSUED)), 3, 2), bankActor());
        issue(0, NUMBER);
        issue(1, CANCELLED_NUMBER);
        issue(3, SHORT_NUMBER);
        publishCard(0, new CardHandedOut(cards.get(0), members.get(0), TODAY, "op"), operatorActor());
        publishCard(0, new CardActivated(cards.get(0), members.get(0), ActivationChannel.IN_PERSON_AT_BRANCH,
                "思明支行", TODAY, TODAY, "card.bank"), bankActor());
        publishCard(0, new CardNumberChanged(cards.get(0), members.get(0), NUMBER, NEW_NUMBER,
                CardNumberChangeReason.LOST, TODAY, "op"), operatorActor());
        publishCard(1, new CardCancelled(cards.get(1), members.get(1), CardCancellationReason.CARD_CLOSED,
                TODAY, null, "op"), operatorActor());
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void the_members_card_is_masked_with_its_history_and_each_read_is_recorded_first() {
        long mark = MemberSupport.maxGlobalIndex(registry);
        Response r = api.get("/api/members/" + members.get(0) + "/card", operator);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode card = r.json();
        assertThat(card.path("cardId").asText()).isEqualTo(cards.get(0));
        assertThat(card.path("batchId").asText()).isEqualTo(batchId);
        assertThat(card.path("state").asText()).isEqualTo("ACTIVATED");
        assertThat(card.path("stateLabel").asText()).isEqualTo("已启用");
        assertThat(card.path("cardNumber").asText()).isEqualTo("6222 **** **** 5432");
        assertThat(card.path("masked").asBoolean()).isTrue();
        assertThat(card.path("activationChannel").asText()).isEqualTo("IN_PERSON_AT_BRANCH");
        assertThat(card.path("cover").path("startsOn").asText()).isEqualTo(TODAY.toString());
        assertThat(card.path("cover").path("trafficAccidentCny").asInt()).isEqualTo(200_000);
        assertThat(kinds(card)).containsExactly("ISSUED", "HANDED_OUT", "ACTIVATED", "NUMBER_CHANGED");
        JsonNode change = card.path("history").get(3);
        assertThat(change.path("previousNumber").asText()).isEqualTo("6222 **** **** 5678");
        assertThat(change.path("reason").asText()).isEqualTo("LOST");
        assertThat(r.body()).doesNotContain(NUMBER).doesNotContain(NEW_NUMBER);

        List<MemberSupport.Access> accesses = MemberSupport.accessesAfter(registry, mark);
        assertThat(accesses).singleElement().satisfies(a -> {
            assertThat(a.memberIds()).containsExactly(members.get(0));
            assertThat(a.payload().path("revealed").asBoolean()).isFalse();
            assertThat(texts(a.payload().path("fields"))).contains("cardNumber");
        });
        assertThat(api.get("/api/members/" + members.get(0) + "/card", operator, "Accept-Language", "en").json()
                .path("stateLabel").asText()).isEqualTo("activated");
    }

    @Test
    @Order(2)
    void a_reveal_with_a_purpose_reads_the_full_numbers_from_the_event_store() {
        long mark = MemberSupport.maxGlobalIndex(registry);
        Response r = api.get("/api/members/" + members.get(0) + "/card?reveal=true", operator, "X-Purpose",
                HEADER_PURPOSE);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode card = r.json();
        assertThat(card.path("cardNumber").asText()).isEqualTo(NEW_NUMBER);
        assertThat(card.path("masked").asBoolean()).isFalse();
        assertThat(card.path("history").get(0).path("cardNumber").asText()).isEqualTo(NUMBER);
        assertThat(card.path("history").get(3).path("previousNumber").asText()).isEqualTo(NUMBER);
        assertThat(card.path("history").get(3).path("cardNumber").asText()).isEqualTo(NEW_NUMBER);
        assertThat(MemberSupport.accessesAfter(registry, mark)).singleElement().satisfies(a -> {
            assertThat(a.payload().path("revealed").asBoolean()).isTrue();
            assertThat(a.payload().path("purpose").asText()).isEqualTo(HEADER_PURPOSE);
        });
        Response byQuery = api.get("/api/members/" + members.get(0) + "/card?reveal=true&purpose="
                + java.net.URLEncoder.encode(PURPOSE, StandardCharsets.UTF_8), bank);
        assertThat(byQuery.status()).as("%s", byQuery).isEqualTo(200);
        assertThat(byQuery.json().path("cardNumber").asText()).isEqualTo(NEW_NUMBER);
    }

    @Test
    @Order(3)
    void refusals_come_in_the_registrys_order_and_record_nothing() {
        long mark = MemberSupport.maxGlobalIndex(registry);
        String path = "/api/members/" + members.get(0) + "/card";
        assertThat(api.get(path, otherOperator).status()).isEqualTo(404);
        assertThat(api.get(path + "?reveal=true", otherOperator, "X-Purpose", HEADER_PURPOSE).status()).isEqualTo(404);
        Response auditorReveal = api.get(path + "?reveal=true", auditor, "X-Purpose", HEADER_PURPOSE);
        assertThat(auditorReveal.status()).isEqualTo(403);
        Response noPurpose = api.get(path + "?reveal=true", operator);
        assertThat(noPurpose.status()).isEqualTo(400);
        assertThat(MemberSupport.errorFor(noPurpose.json(), "purpose")).isNotNull();
        Response never = api.get("/api/members/" + members.get(2) + "/card", operator);
        assertThat(never.status()).isEqualTo(404);
        assertThat(never.body()).contains("card");
        assertThat(api.get(path, null).status()).isEqualTo(401);
        assertThat(MemberSupport.accessesAfter(registry, mark)).isEmpty();
        assertThat(api.get(path, auditor).status()).as("the auditor reads it masked").isEqualTo(200);
    }

    @Test
    @Order(4)
    void a_cancelled_card_shows_its_state_and_the_member_detail_shows_the_cover() {
        JsonNode cancelled = api.get("/api/members/" + members.get(1) + "/card", operator).json();
        assertThat(cancelled.path("state").asText()).isEqualTo("CANCELLED");
        assertThat(cancelled.path("cancelReason").asText()).isEqualTo("CARD_CLOSED");
        assertThat(cancelled.path("cover").isNull()).isTrue();
        JsonNode detail = api.get("/api/members/" + members.get(0), operator).json();
        assertThat(detail.path("cover").path("startsOn").asText()).isEqualTo(TODAY.toString());
        assertThat(detail.path("cover").path("endsOn").isNull()).isTrue();
        assertThat(detail.path("cover").path("hospitalMaxDays").asInt()).isEqualTo(90);
        assertThat(api.get("/api/members/" + members.get(1), operator).json().path("cover").isNull()).isTrue();
    }

    @Test
    @Order(5)
    void the_sign_off_sheet_lists_the_live_cards_masked_with_the_banks_receipt_and_a_footer_on_every_page()
            throws IOException {
        long mark = MemberSupport.maxGlobalIndex(registry);
        HttpResponse<byte[]> r = api.download("/api/batches/" + batchId + "/sign-off-sheet.xlsx", operator);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("filename=\"sign-off-sheet-" + batchId + ".xlsx\"");
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            String all = text(sheet);
            assertThat(all).contains("工会卡领取签收单").contains(batchId).contains("经办银行签收")
                    .contains(forms.get(0).name).contains(forms.get(3).name).doesNotContain(forms.get(1).name)
                    .contains("**** 5432").contains("**** 2222")
                    .doesNotContain(NEW_NUMBER).doesNotContain(SHORT_NUMBER).doesNotContain(forms.get(0).idNumber)
                    .contains(forms.get(0).idNumber.substring(0, 6) + "********" + forms.get(0).idNumber.substring(14));
            List<String> headings = new ArrayList<>();
            sheet.getRow(3).forEach(c -> headings.add(c.getStringCellValue()));
            assertThat(headings).containsExactly("序号", "姓名", "身份证号", "卡号", "签名", "日期");
            assertThat(sheet.getRow(4).getCell(0).getStringCellValue()).isEqualTo("1");
            assertThat(sheet.getRow(5).getCell(0).getStringCellValue()).isEqualTo("2");
            assertThat(sheet.getRow(6) == null || sheet.getRow(6).getCell(0) == null
                    || sheet.getRow(6).getCell(0).getStringCellValue().isEmpty()).as("two lines").isTrue();
            assertThat(sheet.getOddFooter().getCenter()).matches("第 &P 页 共 &N 页 · 批次 " + batchId
                    + " · [0-9a-f]{12}");
            assertThat(sheet.getRepeatingRows().formatAsString()).isEqualTo("4:4");
        }
        assertThat(MemberSupport.accessesAfter(registry, mark)).singleElement().satisfies(a ->
                assertThat(a.memberIds()).containsExactlyInAnyOrder(members.get(0), members.get(3)));
        keepSample("sign-off-sheet.xlsx", r.body());

        Response none = api.get("/api/batches/" + openBatchId + "/sign-off-sheet.xlsx", operator);
        assertThat(none.status()).isEqualTo(409);
        assertThat(api.get("/api/batches/" + batchId + "/sign-off-sheet.xlsx", otherOperator).status()).isEqualTo(404);
        assertThat(api.get("/api/batches/" + batchId + "/sign-off-sheet.xlsx", auditor).status()).isEqualTo(403);
    }

    @Test
    @Order(6)
    void the_runs_are_listed_and_the_report_names_every_rows_outcome() throws IOException {
        Response runs = api.get("/api/batches/" + batchId + "/card-issuance", bank);
        assertThat(runs.status()).as("%s", runs).isEqualTo(200);
        JsonNode run = runs.json().path("items").get(0);
        assertThat(run.path("runId").asText()).isEqualTo(runId);
        assertThat(run.path("total").asInt()).isEqualTo(5);
        assertThat(run.path("issued").asInt()).isEqualTo(3);
        assertThat(run.path("refused").asInt()).isEqualTo(2);
        assertThat(run.path("recordedBy").asText()).isEqualTo("card.bank");

        long mark = MemberSupport.maxGlobalIndex(registry);
        HttpResponse<byte[]> r = api.download("/api/batches/" + batchId + "/card-issuance/" + runId + "/report.xlsx",
                bank);
        assertThat(r.statusCode()).isEqualTo(200);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
            XSSFSheet sheet = workbook.getSheetAt(0);
            DataFormatter f = new DataFormatter();
            List<String> rows = new ArrayList<>();
            for (int i = 4; i <= sheet.getLastRowNum(); i++) {
                rows.add(f.formatCellValue(sheet.getRow(i).getCell(0)) + "|" + f.formatCellValue(sheet.getRow(i)
                        .getCell(1)) + "|" + f.formatCellValue(sheet.getRow(i).getCell(4)));
            }
            assertThat(rows).containsExactly("2|已发卡|" + forms.get(0).name, "3|已发卡|" + forms.get(1).name,
                    "4|该身份证号不在此批次中|", "5|姓名与该批次中此身份证号的会员不符|" + forms.get(2).name,
                    "6|已发卡|" + forms.get(3).name);
            assertThat(text(sheet)).doesNotContain(NUMBER).doesNotContain(SHORT_NUMBER)
                    .doesNotContain(forms.get(0).idNumber).contains("6222 **** **** 2222");
        }
        assertThat(MemberSupport.accessesAfter(registry, mark)).singleElement().satisfies(a ->
                assertThat(a.memberIds()).containsExactlyInAnyOrderElementsOf(members.subList(0, 4)));
        assertThat(api.get("/api/batches/" + batchId + "/card-issuance/no-such-run/report.xlsx", bank).status())
                .isEqualTo(404);
        assertThat(api.get("/api/batches/" + batchId + "/card-issuance", otherOperator).status()).isEqualTo(404);
    }

    @Test
    @Order(7)
    void the_insurer_list_names_the_covers_started_in_the_period_for_the_city_admin_only() throws IOException {
        long mark = MemberSupport.maxGlobalIndex(registry);
        String period = "?from=" + TODAY.minusDays(7) + "&to=" + TODAY;
        Response r = api.get("/api/insurance/cover" + period, admin);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().path("items")).hasSize(1);
        JsonNode item = r.json().path("items").get(0);
        assertThat(item.path("memberId").asText()).isEqualTo(members.get(0));
        assertThat(item.path("name").asText()).isEqualTo(forms.get(0).name);
        assertThat(item.path("idNumber").asText()).isEqualTo(forms.get(0).idNumber);
        assertThat(item.path("cardNumber").asText()).isEqualTo("6222 **** **** 5432");
        assertThat(item.path("unionName").asText()).isEqualTo("厦门鹭江卡务有限公司工会");
        assertThat(item.path("coverStartsOn").asText()).isEqualTo(TODAY.toString());
        assertThat(MemberSupport.accessesAfter(registry, mark)).singleElement().satisfies(a -> {
            assertThat(a.memberIds()).containsExactly(members.get(0));
            assertThat(a.payload().path("revealed").asBoolean()).isTrue();
        });
        assertThat(api.get("/api/insurance/cover?from=" + TODAY.minusDays(30) + "&to=" + TODAY.minusDays(3), admin)
                .json().path("items")).isEmpty();

        HttpResponse<byte[]> xlsx = api.download("/api/insurance/cover.xlsx" + period, admin);
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            String all = text(workbook.getSheetAt(0));
            assertThat(all).contains("工会卡会员保险名单").contains(forms.get(0).name).contains("6222 **** **** 5432")
                    .doesNotContain(NEW_NUMBER).doesNotContain(forms.get(3).name);
        }
        keepSample("insurance-cover.xlsx", xlsx.body());

        assertThat(api.get("/api/insurance/cover" + period, operator).status()).isEqualTo(403);
        Response missing = api.get("/api/insurance/cover?to=" + TODAY, admin);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(MemberSupport.errorFor(missing.json(), "from")).isNotNull();
        Response backwards = api.get("/api/insurance/cover?from=" + TODAY + "&to=" + TODAY.minusDays(1), admin);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(MemberSupport.errorFor(backwards.json(), "to")).isNotNull();
        assertThat(api.get("/api/insurance/cover?from=yesterday&to=" + TODAY, admin).status()).isEqualTo(400);
    }

    @Test
    @Order(8)
    void no_table_holds_a_full_card_number_in_clear() {
        for (String number : List.of(NUMBER, NEW_NUMBER, CANCELLED_NUMBER, SHORT_NUMBER)) {
            String hex = HexFormat.of().formatHex(number.getBytes(StandardCharsets.US_ASCII));
            List<String> tables = registry.jdbc().queryForList("""
                    select table_name from information_schema.tables
                    where table_schema = 'public' and table_type = 'BASE TABLE'""", String.class);
            for (String table : tables) {
                Long found = registry.jdbc().queryForObject("select count(*) from \"" + table + "\" t "
                        + "where t::text like ? or t::text like ?", Long.class, "%" + number + "%", "%" + hex + "%");
                assertThat(found).as("%s holds %s", table, number.substring(0, 4)).isZero();
            }
        }
    }

    @Test
    @Order(9)
    void after_an_erasure_the_card_reads_as_erased_masked_or_revealed() {
        Response erased = api.post("/api/members/" + members.get(3) + "/erasure", dpo,
                Map.of("legalBasis", "《个人信息保护法》第四十七条：会员撤回同意"));
        assertThat(erased.status()).as("%s", erased).isEqualTo(204);
        JsonNode masked = api.get("/api/members/" + members.get(3) + "/card", admin).json();
        assertThat(masked.path("cardNumber").asText()).isEqualTo("已删除");
        assertThat(masked.path("history").get(0).path("cardNumber").asText()).isEqualTo("已删除");
        Response revealed = api.get("/api/members/" + members.get(3) + "/card?reveal=true", admin, "X-Purpose",
                HEADER_PURPOSE);
        assertThat(revealed.status()).as("%s", revealed).isEqualTo(200);
        assertThat(revealed.json().path("cardNumber").asText()).isEqualTo("已删除");
        assertThat(revealed.body()).doesNotContain(SHORT_NUMBER).doesNotContain("2222");
    }

    // ---------------------------------------------------------------- helpers

    void issue(int n, String number) {
        publishCard(n, new CardIssued(cards.get(n), members.get(n), null, batchId, runId, number, CardType.DEBIT,
                "工商银行思明支行", TODAY), bankActor());
    }

    /** A card's event stored under the card's id, numbered as its aggregate would number it. */
    void publishCard(int n, Object event, Actor actor) {
        if (event instanceof CardIssued i && i.unionId() == null) {
            String unionId = registry.jdbc().queryForObject("select union_id from member_view where id = ?",
                    String.class, i.memberId());
            event = new CardIssued(i.cardId(), i.memberId(), unionId, i.batchId(), i.runId(), i.cardNumber(),
                    i.cardType(), i.branch(), i.issuedOn());
        }
        publish(cards.get(n), "Card", event, actor);
    }

    void publish(String aggregateId, String type, Object event, Actor actor) {
        long seq = sequences.merge(aggregateId, 1L, Long::sum) - 1;
        registry.context().getBean(EventBus.class).publish(new GenericDomainEventMessage<>(type, aggregateId, seq,
                event, AuditMetadata.of(actor)));
    }

    Actor bankActor() {
        return new Actor("card.bank", Role.BANK_OPERATOR, null, "127.0.0.1", "card-test", null);
    }

    Actor operatorActor() {
        return new Actor("op", Role.UNION_OPERATOR, null, "127.0.0.1", "card-test", null);
    }

    static List<String> kinds(JsonNode card) {
        return StreamSupport.stream(card.path("history").spliterator(), false).map(s -> s.path("kind").asText())
                .toList();
    }

    static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    static String text(Sheet sheet) {
        StringBuilder all = new StringBuilder();
        DataFormatter format = new DataFormatter();
        sheet.forEach(row -> row.forEach(c -> all.append(format.formatCellValue(c)).append('\n')));
        return all.toString();
    }

    String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }

    String operatorOf(Response union) {
        assertThat(union.status()).as("%s", union).isEqualTo(201);
        String code = union.json().path("systemCode").asText();
        return api.loginAndChangePassword(code, union.json().path("oneTimePassword").asText(), "Operator-" + code);
    }

    /** With -Dregistry.sample-dir=…, the downloaded papers are kept there for a look (LibreOffice, a printer). */
    static void keepSample(String name, byte[] bytes) throws IOException {
        String dir = System.getProperty("registry.sample-dir");
        if (dir != null) {
            Files.write(Path.of(dir).resolve(name), bytes);
        }
    }
}
