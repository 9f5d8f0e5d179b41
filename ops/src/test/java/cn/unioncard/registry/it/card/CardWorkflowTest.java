package cn.unioncard.registry.it.card;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.StoredText;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.CardNumbers;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Steps 6–9 of the seed's workflow end to end, on the real database: a batch handed to the bank gets
 * its cards from the bank's return file (with a bad check digit, a stranger, a repeated number and a
 * wrong name), the union prints the sign-off sheet and hands the cards out, members activate them,
 * one reports a new number, one card is cancelled. After each step the district's statistics show
 * exactly what this test did, counted here on its own; the figures as of an earlier instant are
 * those read live at that instant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardWorkflowTest {

    private static final int PEOPLE = 12;
    private static final String[] STAGES = {"registered", "authorised", "submitted", "approved", "handedToBank",
            "issued", "handedOut", "activated", "withdrawn", "erased"};

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String district;
    private String union;
    private String operator;
    private String reviewer;
    private String bank;
    private final List<MemberData.Form> people = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    /** What this test expects the union's row of its district's statistics to say, counted as it acts. */
    private final Map<String, Integer> expected = new TreeMap<>();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        district = ImportSupport.district(api, admin, city, "湖里区总工会");
        String[] g = ImportSupport.grassroots(api, admin, district, "厦门发卡测试有限公司工会");
        union = g[0];
        operator = g[1];
        reviewer = MemberSupport.account(api, admin, "huli.reviewer", "DISTRICT_REVIEWER", district);
        bank = MemberSupport.account(api, admin, "icbc.huli", "BANK_OPERATOR", city);
        for (int i = 0; i < PEOPLE; i++) {
            int n = i;
            people.add(MemberData.form("会员" + "甲乙丙丁戊己庚辛壬癸子丑".charAt(i), ResidentIds.fresh(),
                    "1375920" + String.format("%04d", i)).with(f -> f.cardType = n == 7 ? "2" : "1"));
        }
        for (String stage : STAGES) {
            expected.put(stage, 0);
        }
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void a_batch_gets_its_cards_handed_out_activated_replaced_and_counted_at_every_step() throws Exception {
        ImportSupport.importAndWait(api, "/api/unions/" + union + "/member-imports", operator, "会员.xlsx",
                MemberWorkbooks.bytes(PEOPLE, people::get));
        Map<String, String> byName = new LinkedHashMap<>();
        for (JsonNode m : MemberSupport.items(api.get("/api/unions/" + union + "/members?size=100", operator))) {
            byName.put(m.path("name").asText(), m.path("id").asText());
        }
        people.forEach(p -> ids.add(byName.get(p.name)));
        assertThat(ids).doesNotContainNull().hasSize(PEOPLE);
        count("registered", PEOPLE);

        for (String id : ids) {
            Response r = api.post("/api/members/" + id + "/authorisation", operator,
                    Map.of("receivedOn", Today.inXiamen().minusDays(1).toString()));
            assertThat(r.status()).as("%s", r).isEqualTo(204);
        }
        count("authorised", PEOPLE);
        Response submitted = api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", true));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        String batch = submitted.json().path("batchId").asText();
        count("submitted", PEOPLE);

        // The bank cannot record cards for a batch nobody handed it.
        Response early = api.post("/api/batches/" + batch + "/card-issuance", bank, issuance(List.of(row(0, 0))));
        assertThat(early.status()).as("%s", early).isEqualTo(409);

        assertThat(api.post("/api/batches/" + batch + "/approval", reviewer, Map.of()).status()).isIn(200, 204);
        count("approved", PEOPLE);
        Response handover = api.post("/api/batches/" + batch + "/handover", operator, Map.of("branch", "工行湖里支行",
                "handedOverOn", Today.inXiamen().toString(), "carriedBy", "王经办"));
        assertThat(handover.status()).as("%s", handover).isEqualTo(200);
        count("handedToBank", PEOPLE);

        // The bank's return: members 0–7 right (7 applied for debit-credit and gets a debit card), 8 with a
        // bad check digit, 9 under a wrong name, 10 with member 0's number again, and a stranger. 11 is not back yet.
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < PEOPLE + 2; i++) {
            numbers.add(cardNumber(i));
        }
        List<List<String>> file = new ArrayList<>();
        for (int i = 0; i <= 7; i++) {
            file.add(List.of(people.get(i).idNumber, people.get(i).name, numbers.get(i), "借记卡"));
        }
        String badLuhn = numbers.get(8).substring(0, 18) + (char) ('0' + (numbers.get(8).charAt(18) - '0' + 1) % 10);
        file.add(List.of(people.get(8).idNumber, people.get(8).name, badLuhn, "1"));
        file.add(List.of(people.get(9).idNumber, "张冠李", numbers.get(9), "1"));
        file.add(List.of(people.get(10).idNumber, people.get(10).name, numbers.get(0), "1"));
        file.add(List.of(ResidentIds.fresh(), "路人甲", numbers.get(13), "1"));
        Response run = BankReturns.upload(api, bank, batch, "工行湖里支行", BankReturns.sheet(file));
        assertThat(run.status()).as("%s", run).isEqualTo(201);
        assertThat(run.json().path("total").asInt()).isEqualTo(12);
        assertThat(run.json().path("issued").asInt()).isEqualTo(8);
        assertThat(run.json().path("refused").asInt()).isEqualTo(4);
        List<String> outcomes = new ArrayList<>();
        run.json().path("rows").forEach(r -> outcomes.add(r.path("outcome").asText()));
        assertThat(outcomes).containsExactly("ISSUED", "ISSUED", "ISSUED", "ISSUED", "ISSUED", "ISSUED", "ISSUED",
                "ISSUED", "BAD_CHECK_DIGIT", "NAME_MISMATCH", "NUMBER_TAKEN", "NOT_IN_BATCH");
        assertThat(run.json().path("rows").get(0).path("row").asInt()).as("the file's row, header = 1").isEqualTo(2);
        assertThat(run.body()).doesNotContain(numbers.get(0), people.get(0).idNumber);
        count("issued", 8);
        String runId = run.json().path("runId").asText();
        HttpResponse<byte[]> report = api.download("/api/batches/" + batch + "/card-issuance/" + runId
                + "/report.xlsx", bank);
        assertThat(report.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(report.body()))) {
            String text = sheetText(book.getSheetAt(0));
            assertThat(text).contains("卡号校验位不正确", "姓名与该批次中此身份证号的会员不符", "该身份证号不在此批次中");
            assertThat(text).doesNotContain(numbers.get(0), people.get(0).idNumber);
        }

        // No table holds a card number in clear: the events seal it, the views mask it, the index hashes it.
        List<String> issuedNumbers = numbers.subList(0, 8);
        assertThat(StoredText.scan(registry.jdbc(), issuedNumbers)).isEmpty();

        // The bank corrects the three rows of members and sends them again, as JSON.
        Response fix = api.post("/api/batches/" + batch + "/card-issuance", bank, issuance(List.of(row(8, 8),
                row(9, 9), row(10, 10))));
        assertThat(fix.status()).as("%s", fix).isEqualTo(201);
        assertThat(fix.json().path("issued").asInt()).isEqualTo(3);
        count("issued", 11);
        // Issuing twice is refused per row, and changes nothing.
        Response twice = api.post("/api/batches/" + batch + "/card-issuance", bank, issuance(List.of(row(1, 12))));
        assertThat(twice.json().path("rows").get(0).path("outcome").asText()).isEqualTo("ALREADY_HOLDS_CARD");
        assertStatistics();

        Response card7 = api.get("/api/members/" + ids.get(7) + "/card", operator);
        assertThat(card7.status()).as("%s", card7).isEqualTo(200);
        assertThat(card7.json().path("cardNumber").asText()).isEqualTo(numbers.get(7).substring(0, 4) + " **** **** "
                + numbers.get(7).substring(15));
        assertThat(card7.json().path("qualificationDeclined").asBoolean()).isTrue();
        assertThat(card7.json().path("state").asText()).isEqualTo("ISSUED");

        // The sign-off sheet lists the eleven issued members with masked numbers.
        HttpResponse<byte[]> sheet = api.download("/api/batches/" + batch + "/sign-off-sheet.xlsx", operator);
        assertThat(sheet.statusCode()).isEqualTo(200);
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(sheet.body()))) {
            Sheet s = book.getSheetAt(0);
            String text = sheetText(s);
            for (int i = 0; i < 11; i++) {
                assertThat(text).contains(people.get(i).name, numbers.get(i).substring(15));
                assertThat(text).doesNotContain(numbers.get(i));
            }
            assertThat(text).doesNotContain(people.get(11).name);
            assertThat(s.getFooter().getCenter()).contains("&P", "&N", batch);
        }

        // Activation before the hand-out is refused, naming the card's state.
        Response tooEarly = api.post("/api/members/" + ids.get(0) + "/card/activation", bank, activation());
        assertThat(tooEarly.status()).as("%s", tooEarly).isEqualTo(409);
        assertThat(tooEarly.json().path("detail").asText()).contains("尚未发放");

        Response bulk = api.post("/api/batches/" + batch + "/card-handouts", operator, Map.of("memberIds",
                ids.subList(0, 10), "handedOutOn", Today.inXiamen().toString(), "signed", true));
        assertThat(bulk.status()).as("%s", bulk).isEqualTo(200);
        assertThat(bulk.json().path("handedOut").asInt()).isEqualTo(10);
        Response one = api.post("/api/members/" + ids.get(10) + "/card/handout", operator,
                Map.of("handedOutOn", Today.inXiamen().toString(), "signed", true));
        assertThat(one.status()).as("%s", one).isEqualTo(200);
        count("handedOut", 11);
        JsonNode afterHandout = assertStatistics();
        Instant betweenSteps = Instant.now();
        Thread.sleep(50);

        for (int i = 0; i < 6; i++) {
            Response activated = api.post("/api/members/" + ids.get(i) + "/card/activation", i % 2 == 0 ? bank
                    : operator, activation());
            assertThat(activated.status()).as("%s", activated).isEqualTo(200);
            assertThat(activated.json().path("coverStartsOn").asText()).isEqualTo(Today.inXiamen().toString());
        }
        count("activated", 6);
        assertThat(api.post("/api/members/" + ids.get(0) + "/card/activation", bank, activation()).status())
                .as("activated twice").isEqualTo(409);
        assertThat(api.post("/api/members/" + ids.get(11) + "/card/activation", bank, activation()).status())
                .as("no card yet").isEqualTo(404);
        assertStatistics();
        JsonNode member0 = api.get("/api/members/" + ids.get(0), operator).json();
        assertThat(member0.path("cover").path("startsOn").asText()).isEqualTo(Today.inXiamen().toString());

        String today = Today.inXiamen().toString();
        Response cover = api.get("/api/insurance/cover?from=" + today + "&to=" + today, admin);
        assertThat(cover.status()).as("%s", cover).isEqualTo(200);
        List<String> covered = new ArrayList<>();
        cover.json().path("items").forEach(i -> covered.add(i.path("memberId").asText()));
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ids.subList(0, 6));

        // Member 1 lost the card: a new number; the old one never comes back, not even for another member.
        String replacement = numbers.get(12);
        Response changed = api.post("/api/members/" + ids.get(1) + "/card/number-change", operator,
                Map.of("newCardNumber", replacement, "reason", "LOST", "reportedOn", today));
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        Response reuse = api.post("/api/members/" + ids.get(2) + "/card/number-change", operator,
                Map.of("newCardNumber", numbers.get(1), "reason", "DAMAGED", "reportedOn", today));
        assertThat(reuse.status()).as("%s", reuse).isIn(400, 409);
        Response card1 = api.get("/api/members/" + ids.get(1) + "/card?reveal=true&purpose="
                + URLEncoder.encode("核对挂失补卡卡号", StandardCharsets.UTF_8), operator);
        assertThat(card1.status()).as("%s", card1).isEqualTo(200);
        assertThat(card1.json().path("cardNumber").asText()).isEqualTo(replacement);
        assertThat(card1.body()).contains(numbers.get(1));
        assertStatistics();

        // Member 2's card is closed: the card stops being live, the cover ends today.
        Response cancelled = api.post("/api/members/" + ids.get(2) + "/card/cancellation", operator,
                Map.of("reason", "CARD_CLOSED", "cancelledOn", today));
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        Response coverAfter = api.get("/api/insurance/cover?from=" + today + "&to=" + today, admin);
        coverAfter.json().path("items").forEach(i -> {
            if (i.path("memberId").asText().equals(ids.get(2))) {
                assertThat(i.path("coverEndsOn").asText()).isEqualTo(today);
            }
        });
        JsonNode last = assertStatistics();
        assertThat(cardTypes(last).path("issuedDebit").asInt()).as("live debit cards").isEqualTo(10);
        assertThat(cardTypes(last).path("qualificationDeclined").asInt()).isEqualTo(1);
        assertThat(StoredText.scan(registry.jdbc(), List.of(replacement, numbers.get(1)))).isEmpty();

        // The figures as of the instant after the hand-out are those read live then.
        Response asOf = api.get("/api/statistics?unionId=" + district + "&asOf="
                + URLEncoder.encode(OffsetDateTime.ofInstant(betweenSteps, ZoneOffset.ofHours(8)).toString(),
                StandardCharsets.UTF_8), admin);
        assertThat(asOf.status()).as("%s", asOf).isEqualTo(200);
        assertThat(figures(asOf.json())).isEqualTo(figures(afterHandout));
    }

    // ------------------------------------------------------------------ statistics

    private void count(String stage, int n) {
        expected.put(stage, n);
        assertStatistics();
    }

    /** The union's row of the district's live statistics equals what this test counted; answers the whole answer. */
    private JsonNode assertStatistics() {
        Response stats = api.get("/api/statistics?unionId=" + district, reviewer);
        assertThat(stats.status()).as("%s", stats).isEqualTo(200);
        JsonNode row = unionRow(stats.json());
        Map<String, Integer> actual = new TreeMap<>();
        for (String stage : STAGES) {
            actual.put(stage, row.path("members").path(stage).asInt(-1));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(stats.json().path("total").path("members").path("registered").asInt()).isEqualTo(PEOPLE);
        return stats.json();
    }

    private JsonNode unionRow(JsonNode stats) {
        for (JsonNode row : stats.path("rows")) {
            if (row.path("unionId").asText().equals(union)) {
                return row;
            }
        }
        throw new AssertionError("no row for the union in " + stats);
    }

    private JsonNode cardTypes(JsonNode stats) {
        return unionRow(stats).path("cardTypes");
    }

    /** The answer without what names the moment it was computed at. */
    private static JsonNode figures(JsonNode stats) {
        ObjectNode copy = stats.deepCopy();
        copy.remove(List.of("asOf", "generatedAt"));
        return copy;
    }

    // ------------------------------------------------------------------ the bank's side

    private Map<String, Object> issuance(List<Map<String, String>> rows) {
        return Map.of("branch", "工行湖里支行", "issuedOn", Today.inXiamen().toString(), "rows", rows);
    }

    private Map<String, String> row(int person, int number) {
        return Map.of("idNumber", people.get(person).idNumber, "name", people.get(person).name,
                "cardNumber", cardNumber(number), "cardType", "1");
    }

    private static Map<String, Object> activation() {
        return Map.of("channel", "inPersonAtBranch", "branch", "工行湖里支行", "activatedOn", Today.inXiamen().toString());
    }

    /** A 19-digit number with the bank's prefix and a Luhn check digit computed by the test's own helper. */
    private static String cardNumber(int n) {
        return CardNumbers.numbered(410_000_000L, n);
    }

    private static String sheetText(Sheet sheet) {
        DataFormatter cells = new DataFormatter();
        StringBuilder s = new StringBuilder();
        for (Row row : sheet) {
            row.forEach(c -> s.append(cells.formatCellValue(c)).append('|'));
            s.append('\n');
        }
        return s.toString();
    }
}
