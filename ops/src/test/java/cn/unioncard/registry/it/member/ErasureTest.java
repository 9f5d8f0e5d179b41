package cn.unioncard.registry.it.member;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.StoredText;
import cn.unioncard.registry.it.member.MemberSupport.Grassroots;
import cn.unioncard.registry.testing.Bytes;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.it.member.MemberSupport.enc;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static cn.unioncard.registry.it.member.MemberSupport.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crypto-shredding end to end, as the "done when" tries it: a member with a full history
 * (registration, a correction, the signed authorisation, a reveal, a transfer) is erased by the
 * data-protection officer; afterwards no table holds the member's name, ID number, mobile,
 * address or employer in any usual encoding, the history and counts still work, and the chain
 * still verifies. A second member, not erased, is the control that the scan can find data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ErasureTest {

    private static final String PURPOSE = "核对工会卡申请资料";
    private static final String LEGAL_BASIS = "本人依《个人信息保护法》第四十七条申请删除（申请编号 2026-118）";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private Grassroots ga;
    private Grassroots ga2;
    private String dpo;
    private String auditor;

    private String erasedId;
    private String keptId;
    private final String name = "欧阳晓岚";
    private final String idNumber = ResidentIds.of("350203", LocalDate.of(1992, 5, 17), 352);
    private final String mobile = "13959201734";
    private final String correctedMobile = "18650077215";
    private final String address = "厦门市思明区莲前西路二号八幢 1203 室";
    private final String newEmployer = "鹭江数据服务合伙企业（有限合伙）";
    private final String scanReference = "SCAN-欧阳晓岚-350203";
    private final String keptName = "司马青禾";
    private final String keptIdNumber = ResidentIds.of("350206", LocalDate.of(1988, 3, 9), 417);

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String cityId = MemberSupport.cityId(api, admin);
        String district = MemberSupport.district(api, admin, cityId, "思明区总工会")[0];
        ga = MemberSupport.grassroots(api, admin, district, "厦门云卡信息科技有限公司工会委员会", "Operator-Password-E1");
        ga2 = MemberSupport.grassroots(api, admin, district, "厦门海沧港务有限公司工会", "Operator-Password-E2");
        dpo = MemberSupport.account(api, admin, "dpo.chen", "DPO", cityId);
        auditor = MemberSupport.account(api, admin, "auditor.wu", "AUDITOR", cityId);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private List<String> secrets() {
        return List.of(name, idNumber, mobile, correctedMobile, address, newEmployer, scanReference);
    }

    @Test
    @Order(1)
    void aMemberWithAFullHistory() {
        Map<String, Object> form = MemberData.form(name, idNumber, mobile).json();
        form.put("contactAddress", address);
        Response registered = api.post("/api/unions/" + ga.id() + "/members", ga.operator(), form);
        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        erasedId = registered.json().path("memberId").asText();
        Response corrected = patch(api, "/api/members/" + erasedId, ga.operator(), Map.of("mobile", correctedMobile),
                "If-Match", "\"0\"");
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(204);
        assertThat(api.post("/api/members/" + erasedId + "/authorisation", ga.operator(),
                Map.of("scanReference", scanReference)).status()).isEqualTo(204);
        Response revealed = api.get("/api/members/" + erasedId + "?reveal=true&purpose=" + enc(PURPOSE), ga.operator());
        assertThat(revealed.json().path("details").path("idNumber").asText()).isEqualTo(idNumber);
        Response moved = api.post("/api/members/" + erasedId + "/transfer", ga.operator(),
                Map.of("toSystemCode", ga2.code(), "newEmployerName", newEmployer));
        assertThat(moved.status()).as("%s", moved).isEqualTo(204);

        Response kept = api.post("/api/unions/" + ga2.id() + "/members", ga2.operator(),
                MemberData.form(keptName, keptIdNumber, "13700001111").json());
        assertThat(kept.status()).as("%s", kept).isEqualTo(201);
        keptId = kept.json().path("memberId").asText();
    }

    @Test
    @Order(2)
    void theEventStoreNeverHeldThePersonalFieldsInClear() {
        List<String> inEvents = StoredText.scan(registry.jdbc(), secrets()).stream()
                .filter(hit -> hit.startsWith("domain_event_entry.")).toList();
        assertThat(inEvents).isEmpty();
        // while the projection, which lists and searches, holds them: the scan does find data
        assertThat(StoredText.scan(registry.jdbc(), List.of(name, idNumber))).anyMatch(h -> h.startsWith("member_view."));
    }

    @Test
    @Order(3)
    void onlyTheDataProtectionOfficerMayEraseAndMustCiteTheLegalBasis() {
        String path = "/api/members/" + erasedId + "/erasure";
        Response byClerk = api.post(path, ga2.operator(), Map.of("legalBasis", LEGAL_BASIS));
        assertThat(byClerk.status()).isEqualTo(403);
        assertThat(api.post(path, auditor, Map.of("legalBasis", LEGAL_BASIS)).status()).isEqualTo(403);
        Response noBasis = api.post(path, dpo, Map.of("legalBasis", " "));
        assertThat(noBasis.status()).as("%s", noBasis).isEqualTo(400);
        assertThat(noBasis.body()).contains("legalBasis");
        Response en = api.post(path, dpo, "{}", "Accept-Language", "en");
        assertThat(en.status()).isEqualTo(400);
        assertThat(api.post("/api/members/no-such-member/erasure", dpo, Map.of("legalBasis", LEGAL_BASIS)).status())
                .isEqualTo(404);
        for (String bad : List.of("{\"legalBasis\": 5}", "[]", "\"x\"", "null", "{\"legalBasis\": \"" + "据".repeat(501)
                + "\"}", "{\"legalBasis\": \"ab\"}", "{\"legalBasis\": \"依法\", \"extra\": 1}")) {
            Response r = api.post(path, dpo, bad);
            assertThat(r.status()).as("%s → %s", bad, r).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        // nothing was erased by the refusals
        assertThat(api.get("/api/members/" + erasedId, ga2.operator()).json().path("erased").asBoolean()).isFalse();
    }

    @Test
    @Order(4)
    void afterErasureNoTableHoldsTheMembersDataInAnyUsualEncoding() {
        byte[] wrappedKey = registry.jdbc().queryForObject("select wrapped_key from data_key where subject_id = ?",
                byte[].class, erasedId);
        assertThat(heapFileHolds("data_key", wrappedKey)).as("the key is in the table file before").isTrue();
        Response erased = api.post("/api/members/" + erasedId + "/erasure", dpo, Map.of("legalBasis", LEGAL_BASIS));
        assertThat(erased.status()).as("%s", erased).isEqualTo(204);
        assertThat(api.post("/api/members/" + erasedId + "/erasure", dpo, Map.of("legalBasis", LEGAL_BASIS)).status())
                .isEqualTo(409);

        assertThat(StoredText.scan(registry.jdbc(), secrets())).isEmpty();
        // the control member's data is still there and found
        assertThat(StoredText.scan(registry.jdbc(), List.of(keptName, keptIdNumber))).anyMatch(h -> h.startsWith("member_view."));
        // nor does the key table's file keep the destroyed key in a dead row version: it is rewritten
        assertThat(eventually(10_000, () -> !heapFileHolds("data_key", wrappedKey)))
                .as("the destroyed key is gone from the key table's file").isTrue();
    }

    /** Whether the table's file on disk (and its TOAST file) holds {@code bytes}, dead row versions included. */
    private boolean heapFileHolds(String table, byte[] bytes) {
        JdbcTemplate su = registry.jdbc();
        su.execute("checkpoint");
        List<String> files = su.queryForList("select pg_relation_filepath(oid) from pg_class where relname = ? "
                + "union all select pg_relation_filepath(reltoastrelid) from pg_class where relname = ? "
                + "and reltoastrelid <> 0", String.class, table, table);
        return files.stream().anyMatch(f -> Bytes.contains(
                su.queryForObject("select pg_read_binary_file(?)", byte[].class, f), bytes));
    }

    @Test
    @Order(5)
    void theMemberShowsAsErasedAndStaysCountedWithTheMembershipEnded() {
        JsonNode view = api.get("/api/members/" + erasedId + "?reveal=true&purpose=" + enc(PURPOSE), ga2.operator())
                .json();
        assertThat(view.path("erased").asBoolean()).isTrue();
        JsonNode d = view.path("details");
        for (String field : List.of("name", "idNumber", "mobile", "contactAddress", "employerName",
                "householdProvince")) {
            assertThat(d.path(field).asText()).as(field).isEqualTo("已删除");
        }
        assertThat(d.path("idExpiry").isNull()).isTrue();
        assertThat(d.path("occupation").asText()).isEqualTo("4");
        // the active membership ended with the erasure: nobody could serve or withdraw the member now
        assertThat(view.path("status").asText()).isEqualTo("WITHDRAWN");

        Response page = api.get("/api/unions/" + ga2.id() + "/members", ga2.operator());
        assertThat(page.json().path("total").asLong()).isEqualTo(2);
        List<String> names = StreamSupport.stream(page.json().path("items").spliterator(), false)
                .map(i -> i.path("name").asText()).toList();
        assertThat(names).containsExactlyInAnyOrder("已删除", keptName);
        // erased members are not searchable by what they were
        assertThat(api.get("/api/unions/" + ga2.id() + "/members?q=" + enc(name), ga2.operator()).json()
                .path("total").asLong()).isZero();
    }

    @Test
    @Order(6)
    void theHistoryIsCompleteWithThePersonalFieldsErased() {
        // four recorded reads so far (two reveals, a detail, a list page); the access log streams
        assertThat(eventually(10_000, () -> registry.jdbc().queryForObject(
                "select count(*) from member_access where member_id = ?", Integer.class, erasedId) >= 4)).isTrue();
        Response history = api.get("/api/members/" + erasedId + "/history", auditor);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        List<String> types = new ArrayList<>();
        history.json().path("changes").forEach(c -> types.add(c.path("type").asText()));
        assertThat(types).containsExactly("MemberRegistered", "MemberInfoCorrected", "MemberAuthorisationRecorded",
                "MemberTransferred", "PersonalDataErased");
        JsonNode changes = history.json().path("changes");
        assertThat(changes.get(0).path("payload").path("details").path("name").asText()).isEqualTo("已删除");
        assertThat(changes.get(0).path("payload").path("details").path("ethnicGroup").asText()).isNotBlank();
        assertThat(changes.get(1).path("payload").path("corrected").path("mobile").asText()).isEqualTo("已删除");
        assertThat(changes.get(2).path("payload").path("scanReference").asText()).isEqualTo("已删除");
        assertThat(changes.get(3).path("payload").path("newEmployerName").asText()).isEqualTo("已删除");
        assertThat(changes.get(4).path("payload").path("legalBasis").asText()).isEqualTo(LEGAL_BASIS);
        assertThat(changes.get(4).path("payload").path("membershipEnded").asBoolean()).isTrue();
        assertThat(changes.get(4).path("metadata").path("actor.role").asText()).isEqualTo("DPO");
        assertThat(history.json().path("reads").size()).isGreaterThanOrEqualTo(4);
        assertThat(history.body()).doesNotContain(name).doesNotContain(idNumber).doesNotContain(newEmployer);
        // the member's audit trail, as an auditor reads it, says the same
        Response trail = api.get("/api/audit/aggregates/" + erasedId + "/events", auditor);
        assertThat(trail.status()).isEqualTo(200);
        assertThat(trail.body()).doesNotContain(name).doesNotContain(idNumber).contains("已删除");

        // the control member still reads in full
        Response keptHistory = api.get("/api/members/" + keptId + "/history", auditor);
        assertThat(keptHistory.body()).contains(keptName).contains(keptIdNumber);
    }

    @Test
    @Order(7)
    void anErasedMemberCannotBeChangedAndTheIdNumberIsFree() {
        Response change = patch(api, "/api/members/" + erasedId, ga2.operator(), Map.of("mobile", "13800000000"),
                "If-Match", "*");
        assertThat(change.status()).as("%s", change).isIn(404, 409);
        Response again = api.post("/api/unions/" + ga.id() + "/members", ga.operator(),
                MemberData.form(name, idNumber, mobile).json());
        assertThat(again.status()).as("%s", again).isEqualTo(201);
    }

    @Test
    @Order(8)
    void theChainStillVerifiesOverTheErasedHistory() {
        JdbcTemplate su = registry.jdbc();
        assertThat(eventually(10_000, () -> su.queryForObject(
                "select coalesce(max(global_index), 0) from event_seal", Long.class) >= su.queryForObject(
                "select coalesce(max(global_index), 0) from domain_event_entry", Long.class))).isTrue();
        Response report = api.get("/api/audit/verify", auditor);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().path("intact").asBoolean()).as("%s", report).isTrue();
        // nothing was rewritten: the store was born encrypted, so no re-encryption was recorded
        assertThat(su.queryForObject("select count(*) from chain_rebase", Integer.class)).isZero();
    }
}
