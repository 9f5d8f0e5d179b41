package cn.unioncard.registry.it.card;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.Multipart;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.StoredText;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.Reference;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bank's return of issued cards over HTTP on the real database: refused before the batch's
 * hand-over, then an .xlsx and a .csv (UTF-8 with BOM, and GB18030) each with a bad check digit, a
 * stranger, a number used before and a wrong name, answered row by row with the counts; the card's
 * later steps; and no table holding any card number in clear.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CardIssuanceFlowTest {

    private static final String[] NAMES = {"陈甲", "林乙", "黄丙", "吴丁", "郑戊", "王己"};

    private RunningRegistry registry;
    private Api api;
    private String operator;
    private String bank;
    private String batchId;
    private final List<String> ids = new ArrayList<>();
    private final List<String> idNumbers = new ArrayList<>();
    /** Every card number the test sent, valid or not: none may be stored in clear. */
    private final List<String> numbersSent = new ArrayList<>();
    private final String taken = number();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        String cityId = MemberSupport.cityId(api, admin);
        Response district = api.post("/api/unions", admin, Forms.district(cityId, "思明区总工会"));
        String districtId = district.json().path("unionId").asText();
        Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门鹭江数据服务有限公司工会"));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        String union = g.json().path("unionId").asText();
        operator = api.loginAndChangePassword(g.json().path("systemCode").asText(),
                g.json().path("oneTimePassword").asText(), "Operator-Pass-2026");
        String reviewer = MemberSupport.account(api, admin, "reviewer-siming", "DISTRICT_REVIEWER", districtId);
        bank = MemberSupport.account(api, admin, "bank-icbc", "BANK_OPERATOR", cityId);
        for (int n = 0; n < NAMES.length; n++) {
            String idNumber = ResidentIds.fresh();
            Response created = api.post("/api/unions/" + union + "/members", operator,
                    MemberData.form(NAMES[n], idNumber, "1395920173" + n).json());
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            String id = created.json().path("memberId").asText();
            Response authorised = api.post("/api/members/" + id + "/authorisation", operator,
                    Map.of("receivedOn", "2026-11-20", "scanReference", "SQ-" + n));
            assertThat(authorised.status()).as("%s", authorised).isEqualTo(204);
            ids.add(id);
            idNumbers.add(idNumber);
        }
        Response submitted = api.post("/api/unions/" + union + "/batches", operator, Map.of("memberIds", ids));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        batchId = submitted.json().path("batchId").asText();
        Response approved = api.post("/api/batches/" + batchId + "/approval", reviewer, Map.of());
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void a_return_before_the_hand_over_is_refused_naming_the_batchs_state_and_changes_nothing() {
        Response early = upload("bank.xlsx", xlsx(List.of(List.of(idNumbers.get(0), NAMES[0], sent(number())))), bank,
                "branch", "工行中山路支行", "issuedOn", Today.inXiamen().toString());
        assertThat(early.status()).as("%s", early).isEqualTo(409);
        assertThat(early.json().path("detail").asText()).contains("尚未交付银行");
        assertThat(cardEvents()).isZero();

        Response handedOver = api.post("/api/batches/" + batchId + "/handover", operator,
                Map.of("branch", "工行中山路支行", "handedOverOn", Today.inXiamen().toString(), "carriedBy", "李工"));
        assertThat(handedOver.status()).as("%s", handedOver).isEqualTo(200);
        // The expression V22 backfills batch_lookup.handed_to_bank with, on events as this version stores them.
        assertThat(registry.jdbc().queryForList("select aggregate_identifier from domain_event_entry "
                + "where payload_type = 'cn.unioncard.registry.events.batch.BatchHandedToBank'", String.class))
                .containsExactly(batchId);
    }

    @Test
    @Order(2)
    void an_xlsx_return_is_answered_row_by_row_with_the_counts() {
        String badDigit = badCheckDigit(number());
        List<List<String>> rows = List.of(
                List.of(idNumbers.get(0), NAMES[0], sent(taken)),
                List.of(idNumbers.get(1), NAMES[1], sent(badDigit)),
                List.of(ResidentIds.fresh(), "路人甲", sent(number())),
                List.of(idNumbers.get(2), NAMES[2], taken),
                List.of(idNumbers.get(3), "某某", sent(number())),
                List.of(idNumbers.get(4), " " + NAMES[4] + "\u3000", sent(group(number()))));
        Response r = upload("bank.xlsx", xlsx(rows, "工商银行厦门分行 工会卡发卡明细"), bank, "branch", "工行中山路支行",
                "issuedOn", Today.inXiamen().toString());

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String runId = r.json().path("runId").asText();
        assertThat(r.header("Location")).hasValue("/api/batches/" + batchId + "/card-issuance/" + runId + "/report.xlsx");
        assertThat(r.json().path("total").asInt()).isEqualTo(6);
        assertThat(r.json().path("issued").asInt()).isEqualTo(2);
        assertThat(r.json().path("refused").asInt()).isEqualTo(4);
        // the sheet's own row numbers: a title in row 1, the header in row 2
        assertThat(outcomes(r)).containsExactly("3 ISSUED", "4 BAD_CHECK_DIGIT", "5 NOT_IN_BATCH", "6 NUMBER_TAKEN",
                "7 NAME_MISMATCH", "8 ISSUED");
        JsonNode first = r.json().path("rows").get(0);
        assertThat(first.path("memberId").asText()).isEqualTo(ids.get(0));
        assertThat(first.path("cardId").asText()).isNotBlank();
        assertThat(first.path("message").asText()).isEqualTo("已发卡");
        assertThat(r.json().path("rows").get(2).path("memberId").isNull()).isTrue();
        assertThat(r.body()).doesNotContain(taken).doesNotContain(idNumbers.get(0));
        assertThat(cardEvents()).isEqualTo(2);
        assertThat(storedCount("%.card.CardIssuanceRecorded")).isEqualTo(1);
    }

    @Test
    @Order(3)
    void a_csv_return_in_utf8_or_gb18030_is_read_with_the_headers_it_names() {
        String csv = "\uFEFF证件号码,姓名,银行卡卡号,办卡类型\r\n"
                + idNumbers.get(1) + "," + NAMES[1] + "," + sent(number()) + ",1\r\n"
                + idNumbers.get(2) + "," + NAMES[2] + "," + sent(badCheckDigit(number())) + ",1\r\n"
                + ResidentIds.fresh() + ",路人乙," + sent(number()) + ",1\r\n"
                + idNumbers.get(5) + "," + NAMES[5] + "," + taken + ",\r\n"
                + idNumbers.get(3) + ",\"吴 丁丁\"," + sent(number()) + ",1\r\n";
        Response r = upload("bank.csv", csv.getBytes(StandardCharsets.UTF_8), bank, "branch", "工行中山路支行",
                "issuedOn", Today.inXiamen().toString(), "cardNumberHeader", "银行卡卡号", "Accept-Language", "en");
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(outcomes(r)).containsExactly("2 ISSUED", "3 BAD_CHECK_DIGIT", "4 NOT_IN_BATCH", "5 NUMBER_TAKEN",
                "6 NAME_MISMATCH");
        assertThat(r.json().path("rows").get(0).path("message").asText()).isEqualTo("card issued");
        assertThat(r.json().path("issued").asInt()).isEqualTo(1);

        String gb = "身份证号码,姓名,卡号\n" + idNumbers.get(3) + "," + NAMES[3] + "," + sent(number()) + "\n";
        Response g = upload("bank.csv", gb.getBytes(Charset.forName("GB18030")), bank, "branch", "工行中山路支行",
                "issuedOn", Today.inXiamen().toString());
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        assertThat(outcomes(g)).containsExactly("2 ISSUED");
        assertThat(cardEvents()).isEqualTo(4);
    }

    @Test
    @Order(4)
    void a_refused_return_changes_nothing() {
        long before = registry.eventCount();
        Response noHeader = upload("bank.csv", ("身份证号码,姓名,账号\n" + idNumbers.get(5) + "," + NAMES[5] + ","
                + sent(number()) + "\n").getBytes(StandardCharsets.UTF_8), bank, "branch", "工行中山路支行",
                "issuedOn", Today.inXiamen().toString());
        assertThat(noHeader.status()).as("%s", noHeader).isEqualTo(400);
        assertThat(MemberSupport.errorFor(noHeader.json(), "cardNumberHeader").path("message").asText()).contains("卡号");
        Response binary = upload("bank.pdf", new byte[] {'%', 'P', 'D', 'F', 0, 1, 2}, bank, "branch", "工行中山路支行",
                "issuedOn", Today.inXiamen().toString());
        assertThat(binary.status()).as("%s", binary).isEqualTo(400);
        Response noBranch = upload("bank.xlsx", xlsx(List.of(List.of(idNumbers.get(5), NAMES[5], sent(number())))),
                bank, "issuedOn", Today.inXiamen().toString());
        assertThat(noBranch.status()).as("%s", noBranch).isEqualTo(400);
        Response byClerk = upload("bank.xlsx", xlsx(List.of(List.of(idNumbers.get(5), NAMES[5], sent(number())))),
                operator, "branch", "工行中山路支行", "issuedOn", Today.inXiamen().toString());
        assertThat(byClerk.status()).as("%s", byClerk).isEqualTo(403);
        Response json = api.post("/api/batches/" + batchId + "/card-issuance", bank,
                Map.of("branch", "工行中山路支行", "issuedOn", Today.inXiamen().toString(), "rows", List.of()));
        assertThat(json.status()).as("%s", json).isEqualTo(400);
        StringBuilder many = new StringBuilder("身份证号码,姓名,卡号\n");
        for (int i = 0; i <= 5_000; i++) {
            many.append(idNumbers.get(5)).append(',').append(NAMES[5]).append(",6222000000000000\n");
        }
        Response tooMany = upload("bank.csv", many.toString().getBytes(StandardCharsets.UTF_8), bank,
                "branch", "工行中山路支行", "issuedOn", Today.inXiamen().toString());
        assertThat(tooMany.status()).as("%s", tooMany).isEqualTo(400);
        assertThat(MemberSupport.errorFor(tooMany.json(), "rows").path("code").asText()).isEqualTo("card.too-many-rows");
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    @Order(5)
    void the_cards_later_steps_over_http_and_no_table_holds_a_card_number_in_clear() {
        String today = Today.inXiamen().toString();
        Response json = api.post("/api/batches/" + batchId + "/card-issuance", bank, Map.of("branch", "工行中山路支行",
                "issuedOn", today, "rows", List.of(Map.of("idNumber", idNumbers.get(5), "name", NAMES[5],
                        "cardNumber", sent(number()), "cardType", "借记卡"))));
        assertThat(json.status()).as("%s", json).isEqualTo(201);
        assertThat(outcomes(json)).containsExactly("1 ISSUED");

        String member = ids.get(0);
        Response unsigned = api.post("/api/members/" + member + "/card/handout", operator,
                Map.of("handedOutOn", today, "signed", false));
        assertThat(unsigned.status()).as("%s", unsigned).isEqualTo(400);
        Response out = api.post("/api/members/" + member + "/card/handout", operator,
                Map.of("handedOutOn", today, "signed", true));
        assertThat(out.status()).as("%s", out).isEqualTo(200);
        assertThat(out.json().path("state").asText()).isEqualTo("HANDED_OUT");
        Response on = api.post("/api/members/" + member + "/card/activation", bank,
                Map.of("channel", "inPersonAtBranch", "branch", "工行中山路支行", "activatedOn", today));
        assertThat(on.status()).as("%s", on).isEqualTo(200);
        assertThat(on.json().path("coverStartsOn").asText()).isEqualTo(today);
        Response changed = api.post("/api/members/" + member + "/card/number-change", operator,
                Map.of("newCardNumber", sent(number()), "reason", "挂失补卡", "reportedOn", today));
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(changed.json().path("state").asText()).isEqualTo("ACTIVATED");
        Response again = api.post("/api/members/" + member + "/card/activation", bank,
                Map.of("channel", "bankOnSite", "branch", "工行中山路支行", "activatedOn", today));
        assertThat(again.status()).as("%s", again).isEqualTo(409);
        assertThat(again.json().path("detail").asText()).contains("已启用");
        Response bulk = api.post("/api/batches/" + batchId + "/card-handouts", operator,
                Map.of("memberIds", List.of(ids.get(1), ids.get(4), ids.get(2)), "handedOutOn", today, "signed", true));
        assertThat(bulk.status()).as("%s", bulk).isEqualTo(400);
        assertThat(MemberSupport.errorFor(bulk.json(), "memberIds[" + ids.get(2) + "]").isMissingNode()).isFalse();
        Response both = api.post("/api/batches/" + batchId + "/card-handouts", operator,
                Map.of("memberIds", List.of(ids.get(1), ids.get(4)), "handedOutOn", today, "signed", true));
        assertThat(both.status()).as("%s", both).isEqualTo(200);
        assertThat(both.json().path("handedOut").asInt()).isEqualTo(2);
        Response cancelled = api.post("/api/members/" + member + "/card/cancellation", operator,
                Map.of("reason", "CARD_CLOSED", "cancelledOn", today));
        assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
        assertThat(cancelled.json().path("state").asText()).isEqualTo("CANCELLED");
        Response noCard = api.post("/api/members/" + ids.get(2) + "/card/cancellation", operator,
                Map.of("reason", "CARD_CLOSED", "cancelledOn", today));
        assertThat(noCard.status()).as("%s", noCard).isEqualTo(404);

        assertThat(numbersSent).hasSizeGreaterThan(10);
        assertThat(StoredText.scan(registry.jdbc(), numbersSent)).isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------------

    private String sent(String number) {
        numbersSent.add(number.replace(" ", ""));
        return number;
    }

    private long cardEvents() {
        return storedCount("%.card.CardIssued");
    }

    private long storedCount(String type) {
        return registry.jdbc().queryForObject("select count(*) from domain_event_entry where payload_type like ?",
                Long.class, type);
    }

    private static List<String> outcomes(Response r) {
        return StreamSupport.stream(r.json().path("rows").spliterator(), false)
                .map(row -> row.path("row").asInt() + " " + row.path("outcome").asText()).toList();
    }

    /** A valid 16- or 19-digit number, its check digit from the independent oracle. */
    static String number() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder payload = new StringBuilder("6222");
        int length = r.nextBoolean() ? 16 : 19;
        while (payload.length() < length - 1) {
            payload.append(r.nextInt(10));
        }
        for (char d = '0'; d <= '9'; d++) {
            if (Reference.luhn(payload.toString() + d)) {
                return payload.toString() + d;
            }
        }
        throw new AssertionError("no check digit");
    }

    private static String badCheckDigit(String number) {
        char last = number.charAt(number.length() - 1);
        return number.substring(0, number.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    }

    private static String group(String number) {
        return number.substring(0, 4) + " " + number.substring(4, 8) + " " + number.substring(8);
    }

    private static byte[] xlsx(List<List<String>> rows) {
        return xlsx(rows, null);
    }

    /** The bank's sheet: a title row if given, a 序号 column first, ID and card numbers as text, no card type column. */
    private static byte[] xlsx(List<List<String>> rows, String title) {
        try (XSSFWorkbook book = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = book.createSheet("发卡明细");
            int top = title == null ? 0 : 1;
            if (title != null) {
                sheet.createRow(0).createCell(0).setCellValue(title);
            }
            Row header = sheet.createRow(top);
            String[] titles = {"序号", "身份证号码", "姓名", "卡号"};
            for (int c = 0; c < titles.length; c++) {
                header.createCell(c).setCellValue(titles[c]);
            }
            for (int i = 0; i < rows.size(); i++) {
                Row row = sheet.createRow(top + i + 1);
                row.createCell(0).setCellValue(i + 1);
                for (int c = 0; c < rows.get(i).size(); c++) {
                    row.createCell(c + 1).setCellValue(rows.get(i).get(c));
                }
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A multipart upload: the file, then form fields and headers given as name, value pairs (headers start upper case). */
    private Response upload(String fileName, byte[] content, String token, String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> headers = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (Character.isUpperCase(pairs[i].charAt(0))) {
                headers.add(pairs[i]);
                headers.add(pairs[i + 1]);
            } else {
                fields.put(pairs[i], pairs[i + 1]);
            }
        }
        return Multipart.post(api, "/api/batches/" + batchId + "/card-issuance", token, fields, "file", fileName,
                "application/octet-stream", content, headers.toArray(String[]::new));
    }
}
