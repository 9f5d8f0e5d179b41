package cn.unioncard.registry.it.member;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport.Grassroots;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.it.member.MemberSupport.accessEventCount;
import static cn.unioncard.registry.it.member.MemberSupport.accessesAfter;
import static cn.unioncard.registry.it.member.MemberSupport.enc;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static cn.unioncard.registry.it.member.MemberSupport.ids;
import static cn.unioncard.registry.it.member.MemberSupport.maskedId;
import static cn.unioncard.registry.it.member.MemberSupport.maskedMobile;
import static cn.unioncard.registry.it.member.MemberSupport.patch;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads of personal data are recorded before the data leaves (docs/architecture.md §9). When the record
 * cannot be written, for real, in the database, every read endpoint refuses with 503
 * {@code /problems/access-log-unavailable}, shows nothing and writes nothing; once the event
 * store takes appends again, reads work again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessLogFailClosedTest {

    /** The member's own clerk states a purpose for reading the history, as for a reveal. */
    private static final String CLERK_PURPOSE = "card-application-check";

    private static final String PURPOSE = "核对工会卡申请资料";
    private static final String ADDRESS = MemberData.ADDRESS;

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private Grassroots union;
    private String auditor;

    record Member(String id, String name, String idNumber, String mobile) {
    }

    private final List<Member> members = new ArrayList<>();

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = MemberSupport.district(api, admin, city, "思明区总工会")[0];
        union = MemberSupport.grassroots(api, admin, district, "厦门云卡信息科技有限公司工会委员会", "Operator-Password-A1");
        auditor = MemberSupport.account(api, admin, "auditor.lin", "AUDITOR", city);
        register("陈雅婷", ResidentIds.of("350203", LocalDate.of(1988, 4, 16), 21), "13859201234");
        register("林志明", ResidentIds.of("350211", LocalDate.of(1985, 6, 15), 19), "13906025678");
        register("黄晓燕", ResidentIds.of("110105", LocalDate.of(1990, 7, 21), 35), "13950218866");
        // Reads work to begin with.
        assertThat(ids(api.get(listPath(), union.operator()))).hasSize(3);
    }

    private void register(String name, String idNumber, String mobile) {
        Response r = api.post("/api/unions/" + union.id() + "/members", union.operator(),
                MemberData.form(name, idNumber, mobile).json());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        members.add(new Member(r.json().path("memberId").asText(), name, idNumber, mobile));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private String listPath() {
        return "/api/unions/" + union.id() + "/members";
    }

    /** Every read endpoint that shows member data, by the roles that may use it. */
    private Map<String, Response> everyRead(String... headers) {
        Member m = members.get(0);
        String detail = "/api/members/" + m.id();
        Map<String, Response> answers = new LinkedHashMap<>();
        answers.put("list", api.get(listPath(), union.operator(), headers));
        answers.put("list by name", api.get(listPath() + "?q=" + enc("晓燕"), union.operator(), headers));
        answers.put("list by admin", api.get(listPath() + "?status=ACTIVE", admin, headers));
        answers.put("masked detail", api.get(detail, union.operator(), headers));
        answers.put("masked detail by auditor", api.get(detail, auditor, headers));
        answers.put("reveal", api.get(detail + "?reveal=true&purpose=" + enc(PURPOSE), union.operator(), headers));
        answers.put("reveal by admin", api.get(detail + "?reveal=true&purpose=" + enc("市总工会制卡前核对"), admin,
                headers));
        answers.put("history by auditor", api.get(detail + "/history", auditor, headers));
        answers.put("history by own clerk", api.get(detail + "/history?purpose=" + CLERK_PURPOSE, union.operator(),
                headers));
        return answers;
    }

    private void assertFailedClosed(String what, Response r) {
        assertThat(r.status()).as("%s: %s", what, r).isEqualTo(503);
        assertThat(r.problemType()).as(what).isEqualTo("/problems/access-log-unavailable");
        JsonNode body = r.json();
        assertThat(body.has("items") || body.has("details") || body.has("changes") || body.has("reads"))
                .as("%s: %s", what, r).isFalse();
        for (Member m : members) {
            assertThat(r.body()).as("%s", what).doesNotContain(m.name()).doesNotContain(m.idNumber())
                    .doesNotContain(maskedId(m.idNumber())).doesNotContain(m.mobile())
                    .doesNotContain(maskedMobile(m.mobile()));
        }
        assertThat(r.body()).as(what).doesNotContain(ADDRESS).doesNotContain(ADDRESS.substring(0, 6) + "****")
                .doesNotContain(PURPOSE);
    }

    private long count(String table) {
        return registry.jdbc().queryForObject("select count(*) from " + table, Long.class);
    }

    private Map<String, Long> snapshot() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of("domain_event_entry", "member_access", "member_view", "membership_lookup")) {
            counts.put(table, count(table));
        }
        counts.put("member_view versions", registry.jdbc().queryForObject("select sum(version) from member_view",
                Long.class));
        return counts;
    }

    @Test
    @Order(1)
    void whenAppendsAreRefusedEveryReadAnswers503AndShowsAndWritesNothing() {
        Member m = members.get(0);
        // Let the access-log projection settle first, so that a late row is not mistaken for a leak.
        assertThat(eventually(10_000, () -> count("member_access") >= accessRowsInStore())).isTrue();
        Map<String, Long> before = snapshot();
        long accessEventsBefore = accessEventCount(registry);
        Instant outageStart = Instant.now();
        registry.jdbc().execute("""
                create function it_deny_append() returns trigger language plpgsql as $$
                begin raise exception 'appends are switched off by AccessLogFailClosedTest'; end $$""");
        registry.jdbc().execute("""
                create trigger it_deny_append before insert on domain_event_entry
                for each row execute function it_deny_append()""");
        Instant outageEnd;
        try {
            everyRead().forEach(this::assertFailedClosed);
            Map<String, Response> english = everyRead("Accept-Language", "en");
            english.forEach(this::assertFailedClosed);
            assertThat(english.get("list").json().path("detail").asText()).contains("could not be recorded");
            assertThat(english.get("list").json().path("title").asText()).isEqualTo("Access log unavailable");

            // Writes fail as well (their events cannot be stored) and leave nothing behind either.
            Response register = api.post(listPath(), union.operator(),
                    MemberData.form("吴建国", ResidentIds.of("440305", LocalDate.of(1969, 10, 1), 11), "18650012345").json());
            assertThat(register.status()).as("registering while appends fail: %s", register).isNotIn(200, 201, 204);
            assertThat(register.body()).doesNotContain("18650012345");
            Response correct = patch(api, "/api/members/" + m.id(), union.operator(),
                    Map.of("mobile", "13600001111"), "If-Match", "\"0\"");
            assertThat(correct.status()).as("correcting while appends fail: %s", correct).isNotIn(200, 201, 204);
            Response authorise = api.post("/api/members/" + m.id() + "/authorisation", union.operator(),
                    Map.of("receivedOn", "2024-05-21"));
            assertThat(authorise.status()).as("%s", authorise).isNotIn(200, 201, 204);

            // Give the streaming access-log projection the time to write anything it would write.
            eventually(1_000, () -> false);
            assertThat(snapshot()).as("tables while appends fail").isEqualTo(before);
            assertThat(accessEventCount(registry)).isEqualTo(accessEventsBefore);
        } finally {
            outageEnd = Instant.now();
            registry.jdbc().execute("drop trigger if exists it_deny_append on domain_event_entry");
            registry.jdbc().execute("drop function if exists it_deny_append()");
        }

        // Appends work again, and so do the reads, each recorded once.
        Map<String, Response> again = everyRead();
        again.forEach((what, r) -> assertThat(r.status()).as("%s after the outage: %s", what, r).isEqualTo(200));
        assertThat(ids(again.get("list"))).hasSize(3);
        assertThat(again.get("reveal").json().path("details").path("idNumber").asText()).isEqualTo(m.idNumber());
        assertThat(accessEventCount(registry)).as("one record per read").isEqualTo(accessEventsBefore + again.size());
        Response corrected = patch(api, "/api/members/" + m.id(), union.operator(), Map.of("mobile", "13600001111"),
                "If-Match", "\"0\"");
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(204);

        // The member's history holds the reads before and after the outage, and none from during it.
        assertThat(eventually(10_000, () -> count("member_access") >= accessRowsInStore()))
                .as("the access-log projection caught up").isTrue();
        Response history = api.get("/api/members/" + m.id() + "/history", auditor);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        List<JsonNode> reads = StreamSupport.stream(history.json().path("reads").spliterator(), false).toList();
        long stored = accessesAfter(registry, 0).stream().filter(a -> a.memberIds().contains(m.id())).count();
        assertThat(reads).hasSize((int) stored - 1); // the history read just made is not in its own answer
        for (JsonNode r : reads) {
            Instant at = Instant.parse(r.path("accessedAt").asText());
            assertThat(at.isAfter(outageStart) && at.isBefore(outageEnd)).as("read at %s during the outage", at)
                    .isFalse();
        }
        assertThat(StreamSupport.stream(history.json().path("changes").spliterator(), false)
                .map(c -> c.path("type").asText()).toList()).containsExactly("MemberRegistered", "MemberInfoCorrected");
    }

    /** Rows the access-log projection should hold for every recorded read so far. */
    private long accessRowsInStore() {
        return accessesAfter(registry, 0).stream().mapToLong(a -> a.memberIds().size()).sum();
    }

    @Test
    @Order(2)
    void whenTheEventTableIsGoneEveryReadFailsClosedToo() {
        Member m = members.get(1);
        long rowsBefore = count("member_access");
        registry.jdbc().execute("alter table domain_event_entry rename to domain_event_entry_off");
        Map<String, Response> answers;
        try {
            answers = everyRead();
        } finally {
            registry.jdbc().execute("alter table domain_event_entry_off rename to domain_event_entry");
        }
        assertThat(count("member_access")).isEqualTo(rowsBefore);

        // Back again: reads work.
        Response list = api.get(listPath(), union.operator());
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        Response reveal = api.get("/api/members/" + m.id() + "?reveal=true&purpose=" + enc(PURPOSE),
                union.operator());
        assertThat(reveal.status()).as("%s", reveal).isEqualTo(200);
        assertThat(reveal.json().path("details").path("idNumber").asText()).isEqualTo(m.idNumber());
        Response history = api.get("/api/members/" + m.id() + "/history", auditor);
        assertThat(history.status()).as("%s", history).isEqualTo(200);

        // While it was gone: no answer showed anything, and every one said why (checked together, so that
        // a failure names every endpoint that answered differently).
        SoftAssertions softly = new SoftAssertions();
        answers.forEach((what, r) -> {
            softly.assertThat(r.status()).as("%s while domain_event_entry was renamed: %s", what, r).isEqualTo(503);
            softly.assertThat(r.json().path("type").asText()).as("%s: %s", what, r)
                    .isEqualTo("/problems/access-log-unavailable");
            for (Member member : members) {
                softly.assertThat(r.body()).as(what).doesNotContain(member.name()).doesNotContain(member.idNumber())
                        .doesNotContain(maskedId(member.idNumber())).doesNotContain(member.mobile());
            }
        });
        softly.assertAll();
    }
}
