package cn.unioncard.registry.it.member;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport.Access;
import cn.unioncard.registry.it.member.MemberSupport.Grassroots;
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

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.it.member.MemberSupport.accessesAfter;
import static cn.unioncard.registry.it.member.MemberSupport.enc;
import static cn.unioncard.registry.it.member.MemberSupport.errorFor;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static cn.unioncard.registry.it.member.MemberSupport.fields;
import static cn.unioncard.registry.it.member.MemberSupport.idHash;
import static cn.unioncard.registry.it.member.MemberSupport.ids;
import static cn.unioncard.registry.it.member.MemberSupport.items;
import static cn.unioncard.registry.it.member.MemberSupport.maskedId;
import static cn.unioncard.registry.it.member.MemberSupport.maskedMobile;
import static cn.unioncard.registry.it.member.MemberSupport.maxGlobalIndex;
import static cn.unioncard.registry.it.member.MemberSupport.patch;
import static cn.unioncard.registry.it.member.MemberSupport.texts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member issue's "done when", end to end over HTTP on the embedded PostgreSQL: a grassroots
 * union's operator registers ten members with real-shaped data, corrects one, records their
 * authorisations, lists them masked, reveals one with a purpose, and an auditor's history of the
 * member shows every change and every read with who did it. One application for the whole class;
 * the tests build on each other in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemberFlowTest {

    /** The member's own clerk states a purpose for reading the history, as for a reveal. */
    private static final String CLERK_PURPOSE = "card-application-check";

    private static final String LIST_ENDPOINT = "GET /api/unions/{unionId}/members";
    private static final String DETAIL_ENDPOINT = "GET /api/members/{id}";
    private static final String REVEAL_ENDPOINT = "GET /api/members/{id}?reveal=true";
    private static final String HISTORY_ENDPOINT = "GET /api/members/{id}/history";
    private static final String PURPOSE = "核对工会卡申请资料";
    private static final String MASKED_ID = "\\d{6}\\*{8}\\d{3}[0-9X]";
    private static final String MASKED_MOBILE = "1[3-9]\\d\\*{4}\\d{4}";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String cityId;
    private String districtA;
    private String districtACode;
    private Grassroots ga;
    private Grassroots ga2;
    private String districtB;
    private Grassroots gb;
    private String reviewerA;
    private String auditor;
    private String dpo;

    /** A member as registered: the normalised ID and mobile the registry must have stored. */
    record Member(String id, String name, String idNumber, String mobile) {
    }

    private final Map<String, Member> members = new LinkedHashMap<>();
    private String memberOfB;
    private String rejoined;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = MemberSupport.cityId(api, admin);
        String[] a = MemberSupport.district(api, admin, cityId, "思明区总工会");
        districtA = a[0];
        districtACode = a[1];
        ga = MemberSupport.grassroots(api, admin, districtA, "厦门云卡信息科技有限公司工会委员会", "Operator-Password-A1");
        ga2 = MemberSupport.grassroots(api, admin, districtA, "厦门鹭岛软件有限公司工会", "Operator-Password-A2");
        districtB = MemberSupport.district(api, admin, cityId, "湖里区总工会")[0];
        gb = MemberSupport.grassroots(api, admin, districtB, "厦门湖里港务有限公司工会", "Operator-Password-B1");
        reviewerA = MemberSupport.account(api, admin, "reviewer.siming", "DISTRICT_REVIEWER", districtA);
        auditor = MemberSupport.account(api, admin, "auditor.lin", "AUDITOR", cityId);
        dpo = MemberSupport.account(api, admin, "dpo.zhou", "DPO", cityId);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private Member m(String name) {
        Member member = members.get(name);
        assertThat(member).as("member %s was registered by an earlier test", name).isNotNull();
        return member;
    }

    // ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void anOperatorRegistersTenMembersAndReadsEachBackAtOnce() {
        String legacy15 = "350203850312123";
        String uyghurId = ResidentIds.of("650102", LocalDate.of(1995, 2, 28), 402);
        String xId = ResidentIds.endingInX("440305", LocalDate.of(1969, 10, 1), 11);
        assertThat(xId).endsWith("X");
        String wideId = ResidentIds.of("110105", LocalDate.of(1990, 7, 21), 35);

        record Input(String name, Map<String, Object> form, String storedId, String storedMobile) {
        }
        List<Input> inputs = new ArrayList<>();
        inputs.add(new Input("陈雅婷", MemberData.form("陈雅婷", ResidentIds.of("350203", LocalDate.of(1988, 4, 16), 21),
                "13859201234").json(), ResidentIds.of("350203", LocalDate.of(1988, 4, 16), 21), "13859201234"));
        inputs.add(new Input("林志明", MemberData.form("林志明", legacy15, "13906025678").json(), ResidentIds.from15(legacy15), "13906025678"));
        inputs.add(new Input("黄晓燕", MemberData.form("黄晓燕", ResidentIds.fullWidth(wideId), ResidentIds.fullWidth("13950218866")).json(), wideId,
                "13950218866"));
        Map<String, Object> hui = MemberData.form("马晓军", ResidentIds.of("640104", LocalDate.of(1979, 11, 2), 57),
                "+86 138-0951-2468").json();
        hui.put("ethnicGroup", "3");
        inputs.add(new Input("马晓军", hui, ResidentIds.of("640104", LocalDate.of(1979, 11, 2), 57), "13809512468"));
        Map<String, Object> uyghur = MemberData.form("阿依古丽·买买提", uyghurId, "15299012345").json();
        uyghur.put("ethnicGroup", "维吾尔族");
        uyghur.put("idExpiry", "长期");
        uyghur.put("householdProvince", "新疆维吾尔自治区");
        uyghur.put("householdCity", "乌鲁木齐市");
        inputs.add(new Input("阿依古丽·买买提", uyghur, uyghurId, "15299012345"));
        Map<String, Object> lowerX = MemberData.form("吴建国", xId.toLowerCase(), "18650012345").json();
        lowerX.put("politicalStatus", "党员");
        inputs.add(new Input("吴建国", lowerX, xId, "18650012345"));
        Map<String, Object> early = MemberData.form("郑丽华", ResidentIds.of("320583", LocalDate.of(1992, 12, 31), 88),
                "17750061234").json();
        early.put("unionJoin", "2014-05");
        inputs.add(new Input("郑丽华", early, ResidentIds.of("320583", LocalDate.of(1992, 12, 31), 88), "17750061234"));
        Map<String, Object> uninsured = MemberData.form("王海峰", ResidentIds.of("350211", LocalDate.of(1985, 6, 15), 19),
                "13600591122").json();
        uninsured.put("socialInsuranceStart", "未参加");
        inputs.add(new Input("王海峰", uninsured, ResidentIds.of("350211", LocalDate.of(1985, 6, 15), 19), "13600591122"));
        Map<String, Object> template = MemberData.form("李秀英", ResidentIds.of("350206", LocalDate.of(1975, 1, 9), 64),
                "137 0600 1234").json();
        template.put("education", "3、高中、技校");
        inputs.add(new Input("李秀英", template, ResidentIds.of("350206", LocalDate.of(1975, 1, 9), 64), "13706001234"));
        inputs.add(new Input("张伟", MemberData.form("张伟", ResidentIds.of("350205", LocalDate.of(2000, 2, 29), 7),
                "19959208888").json(), ResidentIds.of("350205", LocalDate.of(2000, 2, 29), 7), "19959208888"));
        assertThat(inputs).hasSize(10);

        for (Input in : inputs) {
            Response created = api.post("/api/unions/" + ga.id() + "/members", ga.operator(), in.form());
            assertThat(created.status()).as("registering %s: %s", in.name(), created).isEqualTo(201);
            String id = created.json().path("memberId").asText();
            assertThat(id).isNotBlank();
            assertThat(created.header("Location")).hasValue("/api/members/" + id);
            assertThat(created.header("ETag")).hasValue("\"0\"");
            assertThat(created.json().path("version").asLong()).isZero();
            assertThat(created.json().path("idConvertedFrom15").asBoolean()).as(in.name())
                    .isEqualTo(in.name().equals("林志明"));
            assertThat(texts(created.json().path("warnings"))).as(in.name())
                    .isEqualTo(in.name().equals("郑丽华") ? List.of("union-join.before-work-start")
                            // born 2000-02, started work 2015-07: under 16, accepted with a warning
                            : in.name().equals("张伟") ? List.of("work-start.before-age-16") : List.of());
            assertThat(created.body()).doesNotContain(in.storedId()).doesNotContain(in.storedMobile());
            members.put(in.name(), new Member(id, in.name(), in.storedId(), in.storedMobile()));

            // Read-your-writes: the very next request sees the member, without waiting.
            Response read = api.get("/api/members/" + id, ga.operator());
            assertThat(read.status()).as("reading %s right after registering: %s", in.name(), read).isEqualTo(200);
            assertThat(read.header("ETag")).hasValue("\"0\"");
            JsonNode body = read.json();
            assertThat(body.path("masked").asBoolean()).isTrue();
            assertThat(body.path("unionId").asText()).isEqualTo(ga.id());
            assertThat(body.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(body.path("authorised").asBoolean()).isFalse();
            JsonNode d = body.path("details");
            assertThat(d.path("name").asText()).isEqualTo(in.name());
            assertThat(d.path("idNumber").asText()).isEqualTo(maskedId(in.storedId()));
            assertThat(d.path("mobile").asText()).isEqualTo(maskedMobile(in.storedMobile()));
            assertThat(d.path("contactAddress").asText()).endsWith("****")
                    .doesNotContain("软件园二期观日路");
            assertThat(read.body()).doesNotContain(in.storedId()).doesNotContain(in.storedMobile());
            // The stored, normalised values: ASCII, 18 characters, upper-case X, no +86 or spaces.
            Map<String, Object> row = registry.jdbc().queryForMap(
                    "select id_number, mobile, union_id from member_view where id = ?", id);
            assertThat(row.get("id_number")).as(in.name()).isEqualTo(in.storedId());
            assertThat(row.get("mobile")).as(in.name()).isEqualTo(in.storedMobile());
            assertThat(row.get("union_id")).isEqualTo(ga.id());
        }

        JsonNode huiDetails = api.get("/api/members/" + m("马晓军").id(), ga.operator()).json().path("details");
        assertThat(huiDetails.path("ethnicGroup").asText()).as("回族 typed as 3").isEqualTo("03");
        JsonNode uyghurDetails = api.get("/api/members/" + m("阿依古丽·买买提").id(), ga.operator()).json()
                .path("details");
        assertThat(uyghurDetails.path("ethnicGroup").asText()).isEqualTo("05");
        assertThat(uyghurDetails.path("idLongTerm").asBoolean()).isTrue();
        assertThat(uyghurDetails.path("idExpiry").isNull() || uyghurDetails.path("idExpiry").isMissingNode()).isTrue();
        assertThat(uyghurDetails.path("name").asText()).isEqualTo("阿依古丽·买买提");
        JsonNode xDetails = api.get("/api/members/" + m("吴建国").id(), ga.operator()).json().path("details");
        assertThat(xDetails.path("idNumber").asText()).endsWith("X");
        assertThat(xDetails.path("politicalStatus").asText()).isEqualTo("2");
        JsonNode plain = api.get("/api/members/" + m("陈雅婷").id(), ga.operator()).json().path("details");
        assertThat(plain.path("ethnicGroup").asText()).isEqualTo("01");
        assertThat(plain.path("nationality").asText()).isEqualTo("CHN");
        assertThat(plain.path("workStart").asText()).isEqualTo("2015-07");
        assertThat(plain.path("idExpiry").asText()).isEqualTo("2036-08-17");
        assertThat(plain.path("socialInsured").asBoolean()).isTrue();
        assertThat(api.get("/api/members/" + m("王海峰").id(), ga.operator()).json().path("details")
                .path("socialInsured").asBoolean()).isFalse();
        assertThat(api.get("/api/members/" + m("李秀英").id(), ga.operator()).json().path("details")
                .path("education").asText()).isEqualTo("3");

        // The lookup holds one active row per person and a keyed hash, never the number itself.
        assertThat(registry.jdbc().queryForObject(
                "select count(*) from membership_lookup where union_id = ? and active", Long.class, ga.id()))
                .isEqualTo(10);
        for (Member member : members.values()) {
            assertThat(registry.jdbc().queryForObject(
                    "select count(*) from membership_lookup where id_hash = ? and active", Long.class,
                    idHash(registry, member.idNumber()))).as(member.name()).isEqualTo(1);
        }
    }


    @Test
    @Order(2)
    void aCorrectionNeedsTheCurrentVersionAndRecordsOnlyWhatChanged() {
        Member m = m("黄晓燕");
        String path = "/api/members/" + m.id();
        long before = registry.eventCount();
        Response corrected = patch(api, path, ga.operator(),
                Map.of("mobile", "136 0000 1111", "contactAddress", "厦门市湖里区金山街道云顶北路 16 号"),
                "If-Match", "\"0\"");
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(204);
        assertThat(corrected.header("ETag")).hasValue("\"1\"");
        assertThat(registry.eventCount()).as("one MemberInfoCorrected").isEqualTo(before + 1);
        members.put(m.name(), new Member(m.id(), m.name(), m.idNumber(), "13600001111"));

        Response read = api.get(path, ga.operator());
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(read.header("ETag")).hasValue("\"1\"");
        assertThat(read.json().path("version").asLong()).isEqualTo(1);
        JsonNode d = read.json().path("details");
        assertThat(d.path("mobile").asText()).isEqualTo("136****1111");
        assertThat(d.path("contactAddress").asText()).isEqualTo("厦门市湖里区****");
        assertThat(d.path("name").asText()).isEqualTo("黄晓燕");
        assertThat(d.path("idNumber").asText()).isEqualTo(maskedId(m.idNumber()));
        assertThat(d.path("employerName").asText()).isEqualTo(MemberData.EMPLOYER);
        assertThat(d.path("workStart").asText()).isEqualTo("2015-07");

        long beforeRefusals = registry.eventCount();
        Response stale = patch(api, path, ga.operator(), Map.of("mobile", "13600002222"), "If-Match", "\"0\"");
        assertThat(stale.status()).as("%s", stale).isEqualTo(412);
        assertThat(stale.problemType()).isEqualTo("/problems/stale-version");
        Response missing = patch(api, path, ga.operator(), Map.of("mobile", "13600002222"));
        assertThat(missing.status()).as("%s", missing).isEqualTo(428);
        assertThat(missing.problemType()).isEqualTo("/problems/version-required");
        Response invalid = patch(api, path, ga.operator(),
                Map.of("mobile", "12345", "idExpiry", "2001-01-01", "ethnicGroup", "火星"), "If-Match", "\"1\"");
        assertThat(invalid.status()).as("%s", invalid).isEqualTo(400);
        assertThat(invalid.problemType()).isEqualTo("/problems/invalid-input");
        assertThat(fields(invalid.json())).containsExactlyInAnyOrder("mobile", "idExpiry", "ethnicGroup");
        assertThat(invalid.body()).doesNotContain("火星");
        // A correction that changes nothing records nothing and keeps the version.
        Response same = patch(api, path, ga.operator(), Map.of("mobile", "13600001111"), "If-Match", "\"1\"");
        assertThat(same.status()).as("%s", same).isEqualTo(204);
        assertThat(same.header("ETag")).hasValue("\"1\"");
        assertThat(registry.eventCount()).as("events after the refused and empty corrections")
                .isEqualTo(beforeRefusals);
        assertThat(registry.jdbc().queryForObject("select mobile from member_view where id = ?", String.class, m.id()))
                .isEqualTo("13600001111");
    }

    @Test
    @Order(2)
    void anIfMatchNamingAVersionThatDoesNotExistIsStaleToo() {
        Member m = m("李秀英");
        long before = registry.eventCount();
        // The member is at version 0; "5" was never handed out, so it cannot be the version the client read.
        Response ahead = patch(api, "/api/members/" + m.id(), ga.operator(), Map.of("householdCity", "泉州市"),
                "If-Match", "\"5\"");
        assertThat(ahead.status()).as("PATCH with If-Match \"5\" on a member at version 0: %s", ahead).isEqualTo(412);
        assertThat(registry.eventCount()).isEqualTo(before);
        assertThat(registry.jdbc().queryForObject("select details->>'householdCity' from member_view where id = ?",
                String.class, m.id())).isEqualTo("厦门市");
    }

    @Test
    @Order(3)
    void authorisationsAreRecordedForEveryMember() {
        int n = 1;
        for (Member m : members.values()) {
            Response r = api.post("/api/members/" + m.id() + "/authorisation", ga.operator(),
                    Map.of("receivedOn", "2024-05-21", "scanReference", String.format("SQ-2024-0521-%03d", n++)));
            assertThat(r.status()).as("authorisation of %s: %s", m.name(), r).isEqualTo(204);
        }
        Member m = m("黄晓燕");
        long before = registry.eventCount();
        Response future = api.post("/api/members/" + m.id() + "/authorisation", ga.operator(),
                Map.of("receivedOn", Today.inXiamen().plusDays(2).toString()));
        assertThat(future.status()).as("%s", future).isEqualTo(400);
        assertThat(errorFor(future.json(), "receivedOn").path("code").asText()).isEqualTo("date.future");
        Response impossible = api.post("/api/members/" + m.id() + "/authorisation", ga.operator(),
                Map.of("receivedOn", "2024-02-30"));
        assertThat(impossible.status()).as("%s", impossible).isEqualTo(400);
        assertThat(fields(impossible.json())).containsExactly("receivedOn");
        assertThat(registry.eventCount()).isEqualTo(before);

        Response read = api.get("/api/members/" + m.id(), ga.operator());
        assertThat(read.header("ETag")).hasValue("\"2\"");
        assertThat(read.json().path("authorised").asBoolean()).isTrue();
        assertThat(read.json().path("authorisedOn").asText()).isEqualTo("2024-05-21");
    }

    @Test
    @Order(4)
    void theListIsMaskedAndOnePageIsOneRecordedAccessNamingEveryMemberOnIt() {
        String correlationId = "it-member-list-" + System.nanoTime();
        long mark = maxGlobalIndex(registry);
        Response list = api.get("/api/unions/" + ga.id() + "/members", ga.operator(), "X-Correlation-Id", correlationId);
        List<JsonNode> items = items(list);
        assertThat(list.json().path("total").asLong()).isEqualTo(10);
        assertThat(items).hasSize(10);
        Map<String, Member> byId = members.values().stream().collect(Collectors.toMap(Member::id, x -> x));
        assertThat(ids(list)).containsExactlyInAnyOrderElementsOf(byId.keySet());
        for (JsonNode item : items) {
            Member m = byId.get(item.path("id").asText());
            String id = item.path("idNumber").asText();
            assertThat(id).as(m.name()).matches(MASKED_ID).isEqualTo(maskedId(m.idNumber()));
            assertThat(id.chars().filter(c -> c == '*').count()).as(id).isEqualTo(8);
            assertThat(id.substring(6, 14)).isEqualTo("********");
            assertThat(item.path("mobile").asText()).as(m.name()).matches(MASKED_MOBILE)
                    .isEqualTo(maskedMobile(m.mobile()));
            assertThat(item.path("name").asText()).isEqualTo(m.name());
            assertThat(item.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(item.path("authorised").asBoolean()).isTrue();
            assertThat(list.body()).doesNotContain(m.idNumber()).doesNotContain(m.mobile());
        }

        List<Access> accesses = accessesAfter(registry, mark);
        assertThat(accesses).as("PersonalDataAccessed events of one list page").hasSize(1);
        Access a = accesses.get(0);
        assertThat(a.memberIds()).hasSize(10).containsExactlyInAnyOrderElementsOf(byId.keySet());
        assertThat(texts(a.payload().path("fields"))).containsExactly("name", "idNumber", "mobile", "status");
        assertThat(a.payload().path("revealed").asBoolean()).isFalse();
        assertThat(a.payload().path("endpoint").asText()).isEqualTo(LIST_ENDPOINT);
        assertThat(a.payload().path("accessId").asText()).isNotBlank();
        assertThat(a.metadata().path("actor.user").asText()).isEqualTo(ga.code());
        assertThat(a.metadata().path("actor.role").asText()).isEqualTo("UNION_OPERATOR");
        assertThat(a.metadata().path("actor.organisation").asText()).isEqualTo(ga.id());
        assertThat(a.metadata().path("actor.clientAddress").asText()).isNotBlank();
        assertThat(a.metadata().path("correlationId").asText()).isEqualTo(correlationId);
        // The record names who was shown, not what.
        for (Member m : members.values()) {
            assertThat(a.payload().toString()).doesNotContain(m.idNumber()).doesNotContain(m.mobile())
                    .doesNotContain(m.name());
        }

        // Pages: each one is one record naming exactly its own members; together they are the list.
        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            long pageMark = maxGlobalIndex(registry);
            Response p = api.get("/api/unions/" + ga.id() + "/members?size=4&page=" + page, ga.operator());
            List<String> pageIds = ids(p);
            assertThat(pageIds).hasSize(page < 2 ? 4 : 2);
            assertThat(p.json().path("total").asLong()).isEqualTo(10);
            assertThat(p.json().path("page").asInt()).isEqualTo(page);
            assertThat(p.json().path("size").asInt()).isEqualTo(4);
            List<Access> pageAccess = accessesAfter(registry, pageMark);
            assertThat(pageAccess).as("page %d", page).hasSize(1);
            assertThat(pageAccess.get(0).memberIds()).containsExactlyInAnyOrderElementsOf(pageIds);
            seen.addAll(pageIds);
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(byId.keySet());

        // The city admin's list is masked just the same.
        Response adminList = api.get("/api/unions/" + ga.id() + "/members", admin);
        assertThat(items(adminList)).hasSize(10).allSatisfy(i -> {
            assertThat(i.path("idNumber").asText()).matches(MASKED_ID);
            assertThat(i.path("mobile").asText()).matches(MASKED_MOBILE);
        });
    }

    @Test
    @Order(4)
    void aCursorWalkShowsTheNumberedPagesAndEachCursorPageRecordsTheMembersItShows() {
        String list = "/api/unions/" + ga.id() + "/members?size=3";
        Response page = api.get(list, ga.operator());
        List<String> walked = new ArrayList<>(ids(page));
        int pages = 1;
        while (!page.json().path("next").isNull()) {
            String next = page.json().path("next").asText();
            assertThat(next).as("the cursor names the last member shown, nothing personal").isEqualTo(walked.get(walked.size() - 1));
            long mark = maxGlobalIndex(registry);
            page = api.get(list + "&after=" + next, ga.operator());
            List<String> shown = ids(page);
            List<Access> accesses = accessesAfter(registry, mark);
            assertThat(accesses).as("one record for the cursor page").hasSize(1);
            assertThat(accesses.get(0).memberIds()).containsExactlyInAnyOrderElementsOf(shown);
            assertThat(accesses.get(0).payload().path("endpoint").asText()).isEqualTo(LIST_ENDPOINT);
            assertThat(shown).isEqualTo(ids(api.get(list + "&page=" + pages, ga.operator())));
            assertThat(page.json().path("total").asLong()).isEqualTo(10);
            walked.addAll(shown);
            pages++;
        }
        assertThat(pages).isEqualTo(4);
        assertThat(page.json().has("next")).isTrue();
        assertThat(walked).doesNotHaveDuplicates().hasSize(10)
                .containsExactlyInAnyOrderElementsOf(members.values().stream().map(Member::id).toList());
    }

    @Test
    @Order(5)
    void aRevealNeedsAPurposeAndARoleThatMaySeeAndIsRecordedWithThePurpose() {
        Member m = m("黄晓燕");
        String path = "/api/members/" + m.id();
        long mark = maxGlobalIndex(registry);
        Response full = api.get(path + "?reveal=true&purpose=" + enc(PURPOSE), ga.operator());
        assertThat(full.status()).as("%s", full).isEqualTo(200);
        assertThat(full.json().path("masked").asBoolean()).isFalse();
        assertThat(full.header("ETag")).hasValue("\"2\"");
        JsonNode d = full.json().path("details");
        assertThat(d.path("idNumber").asText()).isEqualTo(m.idNumber()).hasSize(18);
        assertThat(d.path("mobile").asText()).isEqualTo("13600001111");
        assertThat(d.path("contactAddress").asText()).isEqualTo("厦门市湖里区金山街道云顶北路 16 号");
        List<Access> accesses = accessesAfter(registry, mark);
        assertThat(accesses).hasSize(1);
        Access a = accesses.get(0);
        assertThat(a.memberIds()).containsExactly(m.id());
        assertThat(a.payload().path("revealed").asBoolean()).isTrue();
        assertThat(a.payload().path("purpose").asText()).isEqualTo(PURPOSE);
        assertThat(a.payload().path("endpoint").asText()).isEqualTo(REVEAL_ENDPOINT);
        assertThat(texts(a.payload().path("fields"))).contains("name", "idNumber", "mobile", "contactAddress");
        assertThat(a.metadata().path("purpose").asText()).isEqualTo(PURPOSE);
        assertThat(a.metadata().path("actor.user").asText()).isEqualTo(ga.code());

        // The 15-digit legacy number was stored in its 18-character form; the purpose may come as a header.
        Member legacy = m("林志明");
        Response legacyFull = api.get("/api/members/" + legacy.id() + "?reveal=true", ga.operator(),
                "X-Purpose", "card application check");
        assertThat(legacyFull.status()).as("%s", legacyFull).isEqualTo(200);
        assertThat(legacyFull.json().path("details").path("idNumber").asText())
                .isEqualTo(ResidentIds.from15("350203850312123")).hasSize(18).startsWith("35020319850312123");
        // Full-width input was stored as ASCII.
        Member wide = m("马晓军");
        Response wideFull = api.get("/api/members/" + wide.id() + "?reveal=true&purpose=" + enc("核对民族与证件信息"),
                ga.operator());
        assertThat(wideFull.json().path("details").path("mobile").asText()).isEqualTo("13809512468");

        // Refusals show nothing and record nothing.
        long refusedMark = maxGlobalIndex(registry);
        Response noPurpose = api.get(path + "?reveal=true", ga.operator());
        assertThat(noPurpose.status()).as("%s", noPurpose).isEqualTo(400);
        assertThat(noPurpose.problemType()).isEqualTo("/problems/invalid-input");
        assertThat(fields(noPurpose.json())).containsExactly("purpose");
        assertThat(errorFor(noPurpose.json(), "purpose").path("code").asText()).isEqualTo("purpose.required");
        Response english = api.get(path + "?reveal=true", ga.operator(), "Accept-Language", "en");
        assertThat(errorFor(english.json(), "purpose").path("message").asText()).contains("purpose");
        Response tooShort = api.get(path + "?reveal=true&purpose=" + enc("核对资料"), ga.operator());
        assertThat(tooShort.status()).as("a 4-character purpose: %s", tooShort).isEqualTo(400);
        assertThat(fields(tooShort.json())).containsExactly("purpose");
        Response blank = api.get(path + "?reveal=true&purpose=" + enc("        "), ga.operator());
        assertThat(blank.status()).as("%s", blank).isEqualTo(400);
        Response byAuditor = api.get(path + "?reveal=true&purpose=" + enc(PURPOSE), auditor);
        assertThat(byAuditor.status()).as("%s", byAuditor).isEqualTo(403);
        assertThat(byAuditor.problemType()).isEqualTo("/problems/forbidden");
        Response byDpo = api.get(path + "?reveal=true&purpose=" + enc(PURPOSE), dpo);
        assertThat(byDpo.status()).as("%s", byDpo).isEqualTo(403);
        for (Response refused : List.of(noPurpose, english, tooShort, blank, byAuditor, byDpo)) {
            assertThat(refused.body()).doesNotContain(m.idNumber()).doesNotContain("13600001111")
                    .doesNotContain("黄晓燕");
        }
        assertThat(accessesAfter(registry, refusedMark)).as("access records of refused reveals").isEmpty();

        // The auditor reads the masked detail; a district reviewer and the city admin may reveal.
        Response auditorMasked = api.get(path, auditor);
        assertThat(auditorMasked.status()).as("%s", auditorMasked).isEqualTo(200);
        assertThat(auditorMasked.json().path("details").path("idNumber").asText()).isEqualTo(maskedId(m.idNumber()));
        Response byReviewer = api.get(path + "?reveal=true&purpose=" + enc("区工会审核会员资料"), reviewerA);
        assertThat(byReviewer.status()).as("%s", byReviewer).isEqualTo(200);
        assertThat(byReviewer.json().path("details").path("idNumber").asText()).isEqualTo(m.idNumber());
        Response byAdmin = api.get(path + "?reveal=true&purpose=" + enc("市总工会制卡前核对"), admin);
        assertThat(byAdmin.status()).as("%s", byAdmin).isEqualTo(200);
    }

    @Test
    @Order(6)
    void theListFiltersByNameFragmentAndByTheLastDigitsOfTheIdNumber() {
        String base = "/api/unions/" + ga.id() + "/members";
        assertThat(names(api.get(base + "?q=" + enc("晓"), ga.operator()))).containsExactlyInAnyOrder("黄晓燕", "马晓军");
        assertThat(names(api.get(base + "?q=" + enc("晓燕"), ga.operator()))).containsExactly("黄晓燕");
        assertThat(names(api.get(base + "?q=" + enc(" 张伟 "), ga.operator()))).containsExactly("张伟");
        assertThat(names(api.get(base + "?q=" + enc("买买提"), ga.operator()))).containsExactly("阿依古丽·买买提");

        Member chen = m("陈雅婷");
        String tail = chen.idNumber().substring(14);
        List<String> expected = members.values().stream().filter(x -> x.idNumber().endsWith(tail))
                .map(Member::name).toList();
        assertThat(expected).contains("陈雅婷");
        long mark = maxGlobalIndex(registry);
        Response byTail = api.get(base + "?q=" + tail, ga.operator());
        assertThat(names(byTail)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(accessesAfter(registry, mark)).hasSize(1).allSatisfy(a ->
                assertThat(a.memberIds()).containsExactlyInAnyOrderElementsOf(ids(byTail)));

        Member wu = m("吴建国");
        String xTail = wu.idNumber().substring(14).toLowerCase();
        assertThat(xTail).endsWith("x");
        assertThat(names(api.get(base + "?q=" + xTail, ga.operator()))).contains("吴建国")
                .allSatisfy(n -> assertThat(m(n).idNumber()).endsWith(xTail.toUpperCase()));

        // Wildcards are taken literally.
        assertThat(items(api.get(base + "?q=" + enc("%"), ga.operator()))).isEmpty();
        assertThat(items(api.get(base + "?q=" + enc("_"), ga.operator()))).isEmpty();
        assertThat(items(api.get(base + "?q=" + enc("黄_燕"), ga.operator()))).isEmpty();
    }

    @Test
    @Order(7)
    void aWithdrawnMemberIsListedAsSuchCannotBeChangedAndMayJoinAgain() {
        Member wang = m("王海峰");
        String path = "/api/members/" + wang.id();
        String base = "/api/unions/" + ga.id() + "/members";
        long before = registry.eventCount();
        Response tooShort = api.post(path + "/withdrawal", ga.operator(), Map.of("reason", "x"));
        assertThat(tooShort.status()).as("%s", tooShort).isEqualTo(400);
        assertThat(fields(tooShort.json())).containsExactly("reason");
        Response noReason = api.post(path + "/withdrawal", ga.operator(), "{}");
        assertThat(noReason.status()).as("%s", noReason).isEqualTo(400);
        assertThat(fields(noReason.json())).containsExactly("reason");
        assertThat(registry.eventCount()).isEqualTo(before);

        Response withdrawn = api.post(path + "/withdrawal", ga.operator(), Map.of("reason", "调离本单位，本人申请退会"));
        assertThat(withdrawn.status()).as("%s", withdrawn).isEqualTo(204);

        Response onlyWithdrawn = api.get(base + "?status=WITHDRAWN", ga.operator());
        assertThat(ids(onlyWithdrawn)).containsExactly(wang.id());
        assertThat(items(onlyWithdrawn).get(0).path("status").asText()).isEqualTo("WITHDRAWN");
        Response active = api.get(base + "?status=ACTIVE", ga.operator());
        assertThat(ids(active)).hasSize(9).doesNotContain(wang.id());
        assertThat(active.json().path("total").asLong()).isEqualTo(9);
        assertThat(api.get(base, ga.operator()).json().path("total").asLong()).isEqualTo(10);
        assertThat(names(api.get(base + "?status=WITHDRAWN&q=" + enc("海峰"), ga.operator()))).containsExactly("王海峰");
        assertThat(items(api.get(base + "?status=WITHDRAWN&q=" + enc("晓"), ga.operator()))).isEmpty();
        Response bogus = api.get(base + "?status=GONE", ga.operator());
        assertThat(bogus.status()).as("%s", bogus).isEqualTo(400);
        assertThat(fields(bogus.json())).containsExactly("status");

        long afterWithdrawal = registry.eventCount();
        Response corrected = patch(api, path, ga.operator(), Map.of("mobile", "13600593344"), "If-Match", "*");
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(409);
        assertThat(corrected.problemType()).isEqualTo("/problems/conflict");
        Response authorised = api.post(path + "/authorisation", ga.operator(), Map.of("receivedOn", "2024-06-01"));
        assertThat(authorised.status()).as("%s", authorised).isEqualTo(409);
        Response again = api.post(path + "/withdrawal", ga.operator(), Map.of("reason", "再次退会"));
        assertThat(again.status()).as("%s", again).isEqualTo(409);
        Response moved = api.post(path + "/transfer", ga.operator(), Map.of("toSystemCode", ga2.code()));
        assertThat(moved.status()).as("%s", moved).isEqualTo(409);
        assertThat(registry.eventCount()).isEqualTo(afterWithdrawal);

        // The ID number is free again: the person may join (again) as a new member.
        Response rejoin = api.post(base, ga.operator(), MemberData.form("王海峰", wang.idNumber(), wang.mobile()).json());
        assertThat(rejoin.status()).as("%s", rejoin).isEqualTo(201);
        rejoined = rejoin.json().path("memberId").asText();
        assertThat(rejoined).isNotEqualTo(wang.id());
        byte[] hash = idHash(registry, wang.idNumber());
        assertThat(registry.jdbc().queryForObject("select count(*) from membership_lookup where id_hash = ?",
                Long.class, hash)).isEqualTo(2);
        assertThat(registry.jdbc().queryForObject("select member_id from membership_lookup where id_hash = ? and active",
                String.class, hash)).isEqualTo(rejoined);
        Response twice = api.post(base, ga.operator(), MemberData.form("王海峰", wang.idNumber(), wang.mobile()).json());
        assertThat(twice.status()).as("%s", twice).isEqualTo(409);
        assertThat(twice.json().path("detail").asText()).as("own union named").contains(ga.code())
                .doesNotContain(wang.idNumber());
    }

    @Test
    @Order(8)
    void anotherDistrictsMemberDoesNotExistForThisOperator() {
        Map<String, Object> form = MemberData.form("周建华", ResidentIds.of("350206", LocalDate.of(1983, 9, 9), 233),
                "13559207777").json();
        form.put("employerName", "厦门湖里港务有限公司");
        Response created = api.post("/api/unions/" + gb.id() + "/members", gb.operator(), form);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        memberOfB = created.json().path("memberId").asText();

        long before = registry.eventCount();
        Response none = api.get("/api/members/" + UUID.randomUUID(), ga.operator());
        assertThat(none.status()).isEqualTo(404);
        String other = "/api/members/" + memberOfB;
        Map<String, Response> answers = new LinkedHashMap<>();
        answers.put("list", api.get("/api/unions/" + gb.id() + "/members", ga.operator()));
        answers.put("list q", api.get("/api/unions/" + gb.id() + "/members?q=" + enc("周建华"), ga.operator()));
        answers.put("detail", api.get(other, ga.operator()));
        answers.put("reveal", api.get(other + "?reveal=true&purpose=" + enc(PURPOSE), ga.operator()));
        answers.put("history", api.get(other + "/history?purpose=" + CLERK_PURPOSE, ga.operator()));
        answers.put("patch", patch(api, other, ga.operator(), Map.of("mobile", "13600001111"), "If-Match", "\"0\""));
        answers.put("authorisation", api.post(other + "/authorisation", ga.operator(),
                Map.of("receivedOn", "2024-05-21")));
        answers.put("withdrawal", api.post(other + "/withdrawal", ga.operator(), Map.of("reason", "越权退会测试")));
        answers.put("transfer", api.post(other + "/transfer", ga.operator(), Map.of("toSystemCode", ga.code())));
        answers.put("register", api.post("/api/unions/" + gb.id() + "/members", ga.operator(),
                MemberData.form("林小燕", ResidentIds.of("350206", LocalDate.of(1991, 3, 3), 17), "13559201111").json()));
        answers.forEach((what, r) -> {
            assertThat(r.status()).as("%s: %s", what, r).isEqualTo(404);
            assertThat(r.problemType()).as(what).isEqualTo("/problems/not-found");
            assertThat(r.body()).as(what).doesNotContain("周建华").doesNotContain("13559207777");
        });
        assertThat(answers.get("detail").json().path("detail").asText()).isEqualTo(none.json().path("detail").asText());
        // A filter does not widen the scope.
        assertThat(ids(api.get("/api/unions/" + ga.id() + "/members?q=" + enc("周建华"), ga.operator()))).isEmpty();
        assertThat(registry.eventCount()).as("nothing recorded or changed").isEqualTo(before);

        // Nor for district A's reviewer; district B's own operator sees its member, and not A's.
        assertThat(api.get(other, reviewerA).status()).isEqualTo(404);
        assertThat(api.get("/api/unions/" + gb.id() + "/members", reviewerA).status()).isEqualTo(404);
        assertThat(ids(api.get("/api/unions/" + ga.id() + "/members?size=50", reviewerA))).hasSize(11);
        assertThat(ids(api.get("/api/unions/" + gb.id() + "/members", gb.operator()))).containsExactly(memberOfB);
        assertThat(api.get("/api/members/" + m("陈雅婷").id(), gb.operator()).status()).isEqualTo(404);
        assertThat(api.get("/api/unions/" + ga.id() + "/members", gb.operator()).status()).isEqualTo(404);
        // Another grassroots union of the same district is outside a clerk's scope as well.
        assertThat(api.get("/api/unions/" + ga.id() + "/members", ga2.operator()).status()).isEqualTo(404);
        assertThat(api.get("/api/members/" + m("陈雅婷").id(), ga2.operator()).status()).isEqualTo(404);
    }

    @Test
    @Order(9)
    void aCursorFromAnotherUnionAnUnknownOneOrAMalformedOneIsRefusedNamingIt() {
        long before = registry.eventCount();
        String list = "/api/unions/" + ga.id() + "/members?after=";
        Response other = api.get(list + memberOfB, ga.operator());
        Response unknown = api.get(list + UUID.randomUUID(), ga.operator());
        for (Response r : List.of(other, unknown)) {
            assertThat(r.status()).as("%s", r).isEqualTo(400);
            assertThat(r.problemType()).isEqualTo("/problems/invalid-input");
            assertThat(errorFor(r.json(), "after").path("code").asText()).isEqualTo("after.unknown");
            assertThat(errorFor(r.json(), "after").path("message").asText()).containsPattern("\\p{IsHan}");
            assertThat(r.body()).doesNotContain(memberOfB).doesNotContain("周建华");
        }
        // Another union's member and no member at all are refused alike: the answer tells nothing about gb.
        assertThat(other.json().path("errors")).isEqualTo(unknown.json().path("errors"));
        Response en = api.get(list + memberOfB, ga.operator(), "Accept-Language", "en");
        assertThat(en.status()).isEqualTo(400);
        assertThat(errorFor(en.json(), "after").path("message").asText()).containsPattern("[a-z]{3,}")
                .doesNotContainPattern("\\p{IsHan}");

        Response malformed = api.get(list + enc("王芳"), ga.operator(), "Accept-Language", "en");
        assertThat(malformed.status()).as("%s", malformed).isEqualTo(400);
        assertThat(errorFor(malformed.json(), "after").path("code").asText()).isEqualTo("after.malformed");
        Response withPage = api.get(list + m("陈雅婷").id() + "&page=1", ga.operator());
        assertThat(withPage.status()).as("%s", withPage).isEqualTo(400);
        assertThat(errorFor(withPage.json(), "page").path("code").asText()).isEqualTo("page.with-cursor");
        assertThat(registry.eventCount()).as("nothing recorded").isEqualTo(before);
    }

    @Test
    @Order(9)
    void aTransferMovesTheMemberToTheOtherUnion() {
        Member zhang = m("张伟");
        String path = "/api/members/" + zhang.id();
        long before = registry.eventCount();
        Response unknown = api.post(path + "/transfer", ga.operator(), Map.of("toSystemCode", "9999999"));
        assertThat(unknown.status()).as("%s", unknown).isEqualTo(400);
        assertThat(fields(unknown.json())).containsExactly("toSystemCode");
        Response toDistrict = api.post(path + "/transfer", ga.operator(), Map.of("toSystemCode", districtACode));
        assertThat(toDistrict.status()).as("%s", toDistrict).isEqualTo(400);
        Response toItself = api.post(path + "/transfer", ga.operator(), Map.of("toSystemCode", ga.code()));
        assertThat(toItself.status()).as("%s", toItself).isEqualTo(409);
        assertThat(registry.eventCount()).isEqualTo(before);

        Response moved = api.post(path + "/transfer", ga.operator(),
                Map.of("toSystemCode", ga2.code(), "newEmployerName", "厦门鹭岛软件有限公司"));
        assertThat(moved.status()).as("%s", moved).isEqualTo(204);
        assertThat(ids(api.get("/api/unions/" + ga.id() + "/members?size=50", ga.operator())))
                .doesNotContain(zhang.id());
        assertThat(api.get(path, ga.operator()).status()).as("the old union's clerk").isEqualTo(404);
        assertThat(ids(api.get("/api/unions/" + ga2.id() + "/members", ga2.operator()))).containsExactly(zhang.id());
        Response detail = api.get(path, reviewerA);
        assertThat(detail.status()).as("%s", detail).isEqualTo(200);
        assertThat(detail.json().path("unionId").asText()).isEqualTo(ga2.id());
        assertThat(detail.json().path("details").path("employerName").asText()).isEqualTo("厦门鹭岛软件有限公司");
        assertThat(registry.jdbc().queryForObject("select union_id from membership_lookup where member_id = ? and active",
                String.class, zhang.id())).isEqualTo(ga2.id());

        Response history = api.get(path + "/history", auditor);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        List<JsonNode> changes = StreamSupport.stream(history.json().path("changes").spliterator(), false).toList();
        JsonNode last = changes.get(changes.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("MemberTransferred");
        assertThat(last.path("payload").path("fromUnionId").asText()).isEqualTo(ga.id());
        assertThat(last.path("payload").path("toUnionId").asText()).isEqualTo(ga2.id());
        assertThat(last.path("metadata").path("actor.user").asText()).isEqualTo(ga.code());
        // The new union's clerk now reads the history, the old one no longer.
        assertThat(api.get(path + "/history?purpose=" + CLERK_PURPOSE, ga2.operator()).status()).isEqualTo(200);
        assertThat(api.get(path + "/history?purpose=" + CLERK_PURPOSE, ga.operator()).status()).isEqualTo(404);
    }

    @Test
    @Order(10)
    void theAuditorsHistoryShowsEveryChangeAndEveryReadWithWhoDidIt() {
        Member m = m("黄晓燕");
        String path = "/api/members/" + m.id() + "/history";
        // The event store's own record of the reads of this member, to hold the projection against.
        List<Access> stored = accessesAfter(registry, 0).stream().filter(a -> a.memberIds().contains(m.id())).toList();
        assertThat(stored).extracting(a -> a.payload().path("endpoint").asText())
                .contains(LIST_ENDPOINT, DETAIL_ENDPOINT, REVEAL_ENDPOINT);
        assertThat(eventually(10_000, () -> memberAccessRows(m.id()) >= stored.size()))
                .as("the access-log projection caught up with %d reads", stored.size()).isTrue();

        long mark = maxGlobalIndex(registry);
        Response history = api.get(path, auditor);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        JsonNode body = history.json();
        assertThat(body.path("memberId").asText()).isEqualTo(m.id());

        List<JsonNode> changes = StreamSupport.stream(body.path("changes").spliterator(), false).toList();
        assertThat(changes).extracting(c -> c.path("type").asText())
                .containsExactly("MemberRegistered", "MemberInfoCorrected", "MemberAuthorisationRecorded");
        assertThat(changes).extracting(c -> c.path("sequence").asLong()).containsExactly(0L, 1L, 2L);
        for (JsonNode c : changes) {
            JsonNode meta = c.path("metadata");
            assertThat(meta.path("actor.user").asText()).as(c.path("type").asText()).isEqualTo(ga.code());
            assertThat(meta.path("actor.role").asText()).isEqualTo("UNION_OPERATOR");
            assertThat(meta.path("actor.organisation").asText()).isEqualTo(ga.id());
            assertThat(meta.path("actor.clientAddress").asText()).isNotBlank();
            assertThat(meta.path("correlationId").asText()).isNotBlank();
            assertThat(c.path("timestamp").asText()).isNotBlank();
        }
        JsonNode registered = changes.get(0).path("payload");
        assertThat(registered.path("unionId").asText()).isEqualTo(ga.id());
        assertThat(registered.path("details").path("name").asText()).isEqualTo("黄晓燕");
        assertThat(registered.path("details").path("idNumber").asText()).isEqualTo(m.idNumber());
        assertThat(registered.path("details").path("mobile").asText()).isEqualTo("13950218866");
        JsonNode corrected = changes.get(1).path("payload");
        assertThat(texts(corrected.path("changedFields"))).containsExactlyInAnyOrder("mobile", "contactAddress");
        assertThat(corrected.path("corrected").path("mobile").asText()).isEqualTo("13600001111");
        JsonNode authorised = changes.get(2).path("payload");
        assertThat(authorised.path("receivedOn").asText()).isEqualTo("2024-05-21");
        assertThat(authorised.path("checkedBy").asText()).isEqualTo(ga.code());
        assertThat(authorised.path("scanReference").asText()).startsWith("SQ-2024-0521-");

        List<JsonNode> reads = StreamSupport.stream(body.path("reads").spliterator(), false).toList();
        assertThat(reads).as("every recorded read of the member").hasSize(stored.size());
        for (JsonNode r : reads) {
            assertThat(r.path("user").asText()).isNotBlank();
            assertThat(r.path("role").asText()).isNotBlank();
            assertThat(r.path("accessedAt").asText()).isNotBlank();
            assertThat(r.path("clientAddress").asText()).isNotBlank();
            assertThat(r.path("correlationId").asText()).isNotBlank();
        }
        // The same reads as in the event store: who, where, whether unmasked, and why.
        assertThat(reads).extracting(MemberFlowTest::readKey).containsExactlyInAnyOrderElementsOf(
                stored.stream().map(a -> a.metadata().path("actor.user").asText() + "|"
                        + a.payload().path("endpoint").asText() + "|" + a.payload().path("revealed").asBoolean() + "|"
                        + (a.payload().path("purpose").isNull() ? "" : a.payload().path("purpose").asText())).toList());
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("endpoint").asText()).isEqualTo(LIST_ENDPOINT);
            assertThat(r.path("user").asText()).isEqualTo(ga.code());
            assertThat(r.path("role").asText()).isEqualTo("UNION_OPERATOR");
            assertThat(r.path("organisation").asText()).isEqualTo(ga.id());
            assertThat(r.path("revealed").asBoolean()).isFalse();
            assertThat(texts(r.path("fields"))).contains("idNumber", "mobile");
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("endpoint").asText()).isEqualTo(DETAIL_ENDPOINT);
            assertThat(r.path("user").asText()).isEqualTo(ga.code());
            assertThat(r.path("revealed").asBoolean()).isFalse();
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("endpoint").asText()).isEqualTo(REVEAL_ENDPOINT);
            assertThat(r.path("user").asText()).isEqualTo(ga.code());
            assertThat(r.path("revealed").asBoolean()).isTrue();
            assertThat(r.path("purpose").asText()).isEqualTo(PURPOSE);
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("endpoint").asText()).isEqualTo(DETAIL_ENDPOINT);
            assertThat(r.path("user").asText()).isEqualTo("auditor.lin");
            assertThat(r.path("role").asText()).isEqualTo("AUDITOR");
        });
        assertThat(reads).anySatisfy(r -> {
            assertThat(r.path("user").asText()).isEqualTo("reviewer.siming");
            assertThat(r.path("role").asText()).isEqualTo("DISTRICT_REVIEWER");
            assertThat(r.path("purpose").asText()).isEqualTo("区工会审核会员资料");
        });

        // Reading the history is itself a recorded read...
        List<Access> historyRead = accessesAfter(registry, mark);
        assertThat(historyRead).hasSize(1);
        assertThat(historyRead.get(0).memberIds()).containsExactly(m.id());
        assertThat(historyRead.get(0).payload().path("endpoint").asText()).isEqualTo(HISTORY_ENDPOINT);
        assertThat(historyRead.get(0).metadata().path("actor.user").asText()).isEqualTo("auditor.lin");
        assertThat(historyRead.get(0).metadata().path("actor.role").asText()).isEqualTo("AUDITOR");
        // ...which the next history shows (here the data-protection officer's).
        assertThat(eventually(10_000, () -> memberAccessRows(m.id()) >= stored.size() + 1)).isTrue();
        Response byDpo = api.get(path, dpo);
        assertThat(byDpo.status()).as("%s", byDpo).isEqualTo(200);
        assertThat(StreamSupport.stream(byDpo.json().path("reads").spliterator(), false).toList())
                .hasSize(stored.size() + 1)
                .anySatisfy(r -> {
                    assertThat(r.path("endpoint").asText()).isEqualTo(HISTORY_ENDPOINT);
                    assertThat(r.path("user").asText()).isEqualTo("auditor.lin");
                    assertThat(r.path("role").asText()).isEqualTo("AUDITOR");
                    assertThat(texts(r.path("fields"))).containsExactly("history");
                });

        // Whoever may reveal the member reads it with a purpose; outside its subtree it does not exist.
        for (String revealer : List.of(ga.operator(), reviewerA, admin)) {
            Response noPurpose = api.get(path, revealer);
            assertThat(noPurpose.status()).as("%s", noPurpose).isEqualTo(400);
            assertThat(fields(noPurpose.json())).containsExactly("purpose");
            assertThat(noPurpose.body()).doesNotContain("黄晓燕").doesNotContain(m.idNumber());
            assertThat(api.get(path + "?purpose=" + CLERK_PURPOSE, revealer).status()).isEqualTo(200);
        }
        for (String other : List.of(gb.operator(), ga2.operator())) {
            Response refused = api.get(path + "?purpose=" + CLERK_PURPOSE, other);
            assertThat(refused.status()).as("%s", refused).isEqualTo(404);
            assertThat(refused.body()).doesNotContain("黄晓燕").doesNotContain(m.idNumber());
        }
    }

    @Test
    @Order(10)
    void theOwnClerksHistoryDoesNotShowWhatARevealWithoutPurposeWithholds() {
        Member m = m("陈雅婷");
        String path = "/api/members/" + m.id();
        // The rule: the full ID number and mobile only with a stated purpose.
        Response withoutPurpose = api.get(path + "?reveal=true", ga.operator());
        assertThat(withoutPurpose.status()).as("%s", withoutPurpose).isEqualTo(400);
        // The history is open to the member's own clerk; it must not be a way round that rule.
        Response history = api.get(path + "/history", ga.operator());
        assertThat(history.body()).as("GET %s/history by the union's clerk, no purpose given (status %d)", path,
                history.status()).doesNotContain(m.idNumber()).doesNotContain(m.mobile());
    }

    @Test
    @Order(11)
    void theBankCannotBrowseMembers() {
        String bank = MemberSupport.account(api, admin, "bank.icbc", "BANK_OPERATOR", cityId);
        Member m = m("林志明");
        long before = registry.eventCount();
        for (String path : List.of("/api/unions/" + ga.id() + "/members", "/api/members/" + m.id())) {
            Response refused = api.get(path, bank);
            assertThat(refused.status()).as("%s: %s", path, refused).isEqualTo(403);
            assertThat(refused.body()).doesNotContain(m.name()).doesNotContain(m.idNumber());
        }
        // Nothing was shown, so nothing was recorded as read.
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    @Order(10)
    void anotherDocumentsNumberIsMaskedToo() {
        Map<String, Object> form = MemberData.form("JOHN SMITH", "E12345678", "13859209999").json();
        form.put("idType", "2");
        form.put("nationality", "USA");
        Response created = api.post("/api/unions/" + ga2.id() + "/members", ga2.operator(), form);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("memberId").asText();
        Response list = api.get("/api/unions/" + ga2.id() + "/members?q=" + enc("SMITH"), ga2.operator());
        assertThat(items(list)).hasSize(1);
        String masked = items(list).get(0).path("idNumber").asText();
        assertThat(masked).isEqualTo("*****5678");
        assertThat(list.body()).doesNotContain("E12345678").doesNotContain("13859209999");
        Response detail = api.get("/api/members/" + id, ga2.operator());
        assertThat(detail.json().path("details").path("idNumber").asText()).isEqualTo("*****5678");
        assertThat(detail.json().path("details").path("nationality").asText()).isEqualTo("USA");
        Response full = api.get("/api/members/" + id + "?reveal=true&purpose=" + enc("核对护照号码"), ga2.operator());
        assertThat(full.json().path("details").path("idNumber").asText()).isEqualTo("E12345678");
    }

    private static String readKey(JsonNode r) {
        return r.path("user").asText() + "|" + r.path("endpoint").asText() + "|" + r.path("revealed").asBoolean() + "|"
                + (r.path("purpose").isNull() ? "" : r.path("purpose").asText());
    }

    private long memberAccessRows(String memberId) {
        return registry.jdbc().queryForObject("select count(*) from member_access where member_id = ?", Long.class,
                memberId);
    }

    private static List<String> names(Response page) {
        return items(page).stream().map(i -> i.path("name").asText()).toList();
    }

    // ------------------------------------------------------------------------------------------ bad input

    @Test
    @Order(11)
    void aBadMemberFormListsEveryFailingFieldAtOnceInEitherLanguage() {
        long before = registry.eventCount();
        String good = ResidentIds.of("350203", LocalDate.of(1988, 4, 16), 500);
        String wrongCheck = good.substring(0, 17) + (good.charAt(17) == '1' ? '2' : '1');
        Map<String, Object> form = MemberData.form("王5", wrongCheck, "12345678901").json();
        form.put("idExpiry", "2020-01-01");
        form.put("ethnicGroup", "99");
        form.put("education", "10");
        form.put("householdCity", "");
        form.put("workStart", "2099-01");
        form.put("unionJoin", "2016-13");
        form.remove("ruralHousehold");
        form.put("occupation", "7");
        form.put("cardType", "3");
        form.put("filledOn", Today.inXiamen().plusDays(3).toString());
        List<String> failing = List.of("name", "idNumber", "idExpiry", "ethnicGroup", "education", "mobile",
                "householdCity", "workStart", "unionJoin", "ruralHousehold", "occupation", "cardType", "filledOn");

        Response zh = api.post("/api/unions/" + ga.id() + "/members", ga.operator(), form);
        assertThat(zh.status()).as("%s", zh).isEqualTo(400);
        assertThat(zh.problemType()).isEqualTo("/problems/invalid-input");
        assertThat(fields(zh.json())).containsExactlyInAnyOrderElementsOf(failing);
        assertThat(zh.json().path("title").asText()).isEqualTo("输入有误");
        assertThat(errorFor(zh.json(), "idNumber").path("code").asText()).isEqualTo("id-number.check-character");
        assertThat(errorFor(zh.json(), "mobile").path("code").asText()).isEqualTo("mobile.format");
        assertThat(errorFor(zh.json(), "idExpiry").path("code").asText()).isEqualTo("id-expiry.expired");
        assertThat(errorFor(zh.json(), "name").path("code").asText()).isEqualTo("name.characters");
        assertThat(errorFor(zh.json(), "workStart").path("code").asText()).isEqualTo("year-month.future");
        assertThat(errorFor(zh.json(), "ruralHousehold").path("message").asText()).containsPattern("\\p{IsHan}");
        assertThat(zh.body()).doesNotContain(wrongCheck).doesNotContain("12345678901");

        Response en = api.post("/api/unions/" + ga.id() + "/members", ga.operator(), form, "Accept-Language", "en");
        assertThat(en.status()).isEqualTo(400);
        assertThat(en.json().path("title").asText()).isEqualTo("Invalid input");
        assertThat(fields(en.json())).containsExactlyInAnyOrderElementsOf(failing);
        for (JsonNode e : en.json().path("errors")) {
            // An example of an accepted spelling ("2013年1月") may quote Chinese; the sentence itself is English.
            assertThat(e.path("message").asText().replace("年", "").replace("月", "")).as(e.toString())
                    .containsPattern("[a-z]{3,}").doesNotContainPattern("\\p{IsHan}");
            assertThat(e.path("message").asText()).isNotEqualTo(
                    errorFor(zh.json(), e.path("field").asText()).path("message").asText());
        }
        assertThat(en.json().path("detail").asText()).doesNotContainPattern("\\p{IsHan}");

        // An empty form: every required field at once, and none of the optional ones.
        Response empty = api.post("/api/unions/" + ga.id() + "/members", ga.operator(), "{}", "Accept-Language", "en");
        assertThat(empty.status()).as("%s", empty).isEqualTo(400);
        assertThat(fields(empty.json())).containsExactlyInAnyOrder("name", "idNumber", "idExpiry", "ethnicGroup",
                "politicalStatus", "education", "mobile", "householdProvince", "householdCity", "contactAddress",
                "workStart", "unionJoin", "ruralHousehold", "labourDispatch", "labourContract", "occupation",
                "cardType", "employerName");
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    @Order(12)
    void garbageIsAProblemDocumentNeverA500() throws Exception {
        long before = registry.eventCount();
        String base = "/api/unions/" + ga.id() + "/members";
        String target = "/api/members/" + m("陈雅婷").id();
        Map<String, Object> valid = MemberData.form("林小燕", ResidentIds.of("350203", LocalDate.of(1991, 3, 3), 17),
                "13559201111").json();
        Map<String, Response> answers = new LinkedHashMap<>();

        Map<String, Object> unknown = new LinkedHashMap<>(valid);
        unknown.put("bloodType", "O");
        Response unknownField = api.post(base, ga.operator(), unknown);
        assertThat(unknownField.status()).as("%s", unknownField).isEqualTo(400);
        assertThat(errorFor(unknownField.json(), "bloodType").path("code").asText()).isEqualTo("unknown-field");
        answers.put("unknownField", unknownField);

        for (String[] wrong : List.of(new String[] {"ruralHousehold", "\"yes\""}, new String[] {"ruralHousehold", "1"},
                new String[] {"labourContract", "\"true\""}, new String[] {"name", "{\"surname\":\"林\"}"},
                new String[] {"idNumber", "[\"350203\"]"}, new String[] {"name", "123"},
                new String[] {"mobile", "1.3859201234E10"}, new String[] {"labourDispatch", "99999999999999999999999"})) {
            com.fasterxml.jackson.databind.node.ObjectNode body = Api.JSON.valueToTree(valid);
            body.set(wrong[0], Api.JSON.readTree(wrong[1]));
            Response r = api.post(base, ga.operator(), body.toString());
            assertThat(r.status()).as("%s = %s: %s", wrong[0], wrong[1], r).isEqualTo(400);
            assertThat(fields(r.json())).as("%s = %s: %s", wrong[0], wrong[1], r).contains(wrong[0]);
            answers.put(wrong[0] + " = " + wrong[1], r);
        }

        // A 2 MB name is refused before it is read; a long one that fits is a validation error.
        Map<String, Object> huge = new LinkedHashMap<>(valid);
        huge.put("name", "林".repeat(700_000));
        Response tooLarge = api.post(base, ga.operator(), huge);
        assertThat(tooLarge.status()).as("a 2 MB name: %s", tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.problemType()).isEqualTo("/problems/body-too-large");
        answers.put("tooLarge", tooLarge);
        byte[] hugeBytes = Api.JSON.writeValueAsBytes(huge);
        Response chunked = api.send(api.request(base, ga.operator(), "Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(hugeBytes))));
        assertThat(chunked.status()).as("a 2 MB name, chunked: %s", chunked.status()).isIn(400, 413);
        answers.put("chunked", chunked);
        Map<String, Object> longName = new LinkedHashMap<>(valid);
        longName.put("name", "林".repeat(5000));
        Response tooLong = api.post(base, ga.operator(), longName);
        assertThat(tooLong.status()).as("%s", tooLong).isEqualTo(400);
        assertThat(errorFor(tooLong.json(), "name").path("code").asText()).isEqualTo("name.length");
        assertThat(tooLong.body()).doesNotContain("林林林");
        answers.put("tooLong", tooLong);

        for (String text : List.of("{\"name\": ", "[]", "", "null", "\"林小燕\"", "{\"name\":\"林小燕\"}}}",
                "{\"name\":\"\\u0000\\u0007林\"}")) {
            Response r = api.post(base, ga.operator(), text);
            assertThat(r.status()).as("body %s: %s", text, r).isEqualTo(400);
            answers.put("body " + text, r);
        }
        Response plainText = api.send(api.request(base, ga.operator(), "Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("林小燕", StandardCharsets.UTF_8)));
        assertThat(plainText.status()).as("%s", plainText).isEqualTo(415);
        answers.put("plainText", plainText);

        // The same for the other member endpoints.
        answers.put("PATCH [1,2]", patch(api, target, ga.operator(), "[1,2]", "If-Match", "*"));
        answers.put("PATCH unknown field", patch(api, target, ga.operator(), "{\"colour\":\"red\"}", "If-Match", "*"));
        answers.put("PATCH ruralHousehold maybe", patch(api, target, ga.operator(), "{\"ruralHousehold\":\"maybe\"}", "If-Match", "*"));
        answers.put("authorisation receivedOn number", api.post(target + "/authorisation", ga.operator(), "{\"receivedOn\":20240521}"));
        answers.put("authorisation receivedOn yesterday", api.post(target + "/authorisation", ga.operator(), "{\"receivedOn\":\"yesterday\"}"));
        answers.put("authorisation 300-character scan reference", api.post(target + "/authorisation", ga.operator(), "{\"scanReference\":\"" + "x".repeat(300) + "\"}"));
        answers.put("withdrawal reason array", api.post(target + "/withdrawal", ga.operator(), "{\"reason\":[\"a\"]}"));
        answers.put("transfer toSystemCode object", api.post(target + "/transfer", ga.operator(), "{\"toSystemCode\":{}}"));
        answers.put("transfer without code", api.post(target + "/transfer", ga.operator(), "{}"));
        for (String query : List.of("?page=abc", "?size=0", "?size=100000", "?page=-1", "?status=withdrawn",
                "?page=2147483647&size=200")) {
            answers.put("list" + query, api.get(base + query, ga.operator()));
        }
        answers.put("reveal=maybe", api.get(target + "?reveal=maybe", ga.operator()));
        answers.put("member id with SQL", api.get("/api/members/" + enc("' or 1=1 --"), ga.operator()));
        answers.put("union id with SQL", api.get("/api/unions/" + enc("' or 1=1 --") + "/members", ga.operator()));

        answers.forEach((what, r) -> {
            assertThat(r.status()).as("%s: %s", what, r).isBetween(400, 499);
            assertThat(r.contentType()).as("%s: %s", what, r).startsWith("application/problem+json");
            assertThat(r.body()).as("%s: %s", what, r).doesNotContain("Exception").doesNotContain("at cn.unioncard");
        });
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    @Order(12)
    void anEncodedSlashInAMemberIdIsAProblemDocumentToo() {
        // "../../actuator/env" as a path segment: %2F..%2F. Refusing it is right; the answer should still be
        // the registry's problem document (docs/design.md §5), like every other refusal.
        Response r = api.get("/api/members/" + enc("../../actuator/env"), ga.operator());
        assertThat(r.status()).as("%s", r).isIn(400, 404);
        assertThat(r.contentType()).as("%s", r).startsWith("application/problem+json");
    }
}
