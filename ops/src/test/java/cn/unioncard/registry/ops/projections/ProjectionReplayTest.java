package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import cn.unioncard.registry.testing.Eventually;
import cn.unioncard.registry.testing.CardNumbers;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every projection rebuilt from the event store while the registry serves: the same rows after as
 * before (a checksum of each table's whole content, times exactly; statistics_count as the sums over its slots, since the slot a change lands in is random), nothing
 * published, no half-built answer to a reader, and commands sent during the rebuild kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectionReplayTest {

    private static final int BULK = 1500;

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String union;
    private String operator;
    private String bulkUnion;
    private String bulkOperator;

    @BeforeAll
    void start() throws Exception {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = ImportSupport.district(api, admin, city, "湖里区总工会");
        String[] g = ImportSupport.grassroots(api, admin, district, "厦门重建测试有限公司工会");
        union = g[0];
        operator = g[1];
        String[] b = ImportSupport.grassroots(api, admin, district, "厦门重建批量有限公司工会");
        bulkUnion = b[0];
        bulkOperator = b[1];
        String reviewer = MemberSupport.account(api, admin, "huli.reviewer", "DISTRICT_REVIEWER", district);
        String bank = MemberSupport.account(api, admin, "icbc.huli", "BANK_OPERATOR", city);
        String dpo = MemberSupport.account(api, admin, "dpo.chen", "DPO", city);

        List<MemberData.Form> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(MemberData.numbered(900_000 + i));
        }
        ImportSupport.importAndWait(api, "/api/unions/" + union + "/member-imports", operator, "会员.xlsx",
                MemberWorkbooks.bytes(people.size(), people::get));
        ImportSupport.importAndWait(api, "/api/unions/" + bulkUnion + "/member-imports", bulkOperator, "批量.xlsx",
                MemberWorkbooks.bytes(BULK, i -> MemberData.numbered(800_000 + i)));
        List<String> ids = MemberSupport.items(api.get("/api/unions/" + union + "/members?size=100", operator))
                .stream().map(m -> m.path("id").asText()).toList();
        for (String id : ids) {
            ok(api.post("/api/members/" + id + "/authorisation", operator,
                    Map.of("receivedOn", Today.inXiamen().minusDays(1).toString())));
        }
        Response submitted = ok(api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", true)));
        String batch = submitted.json().path("batchId").asText();
        ok(api.post("/api/batches/" + batch + "/approval", reviewer, Map.of()));
        ok(api.post("/api/batches/" + batch + "/handover", operator, Map.of("branch", "工行湖里支行",
                "handedOverOn", Today.inXiamen().toString(), "carriedBy", "王经办")));
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            rows.add(Map.of("idNumber", people.get(i).idNumber, "name", people.get(i).name,
                    "cardNumber", cardNumber(i), "cardType", "1"));
        }
        ok(api.post("/api/batches/" + batch + "/card-issuance", bank, Map.of("branch", "工行湖里支行",
                "issuedOn", Today.inXiamen().toString(), "rows", rows)));
        String holder = memberOf(people.get(0));
        ok(api.post("/api/members/" + holder + "/card/handout", operator,
                Map.of("handedOutOn", Today.inXiamen().toString(), "signed", true)));
        ok(api.post("/api/members/" + holder + "/card/activation", bank, Map.of("channel", "inPersonAtBranch",
                "branch", "工行湖里支行", "activatedOn", Today.inXiamen().toString())));
        ok(api.post("/api/members/" + memberOf(people.get(5)) + "/erasure", dpo,
                Map.of("legalBasis", "本人依《个人信息保护法》第四十七条申请删除（申请编号 2026-118）")));
        // Reads recorded in the access log, masked and revealed.
        ok(api.get("/api/unions/" + union + "/members?size=100", operator));
        ok(api.get("/api/members/" + holder + "?reveal=true&purpose="
                + URLEncoder.encode("核对会员信息以便办卡", StandardCharsets.UTF_8), admin));
        // Ten refusals: denials recorded and an alert raised, which the DPO acknowledges.
        for (int i = 0; i < 10; i++) {
            assertThat(api.get("/api/users", operator).status()).isEqualTo(403);
        }
        String[] alert = new String[1];
        assertThat(Eventually.eventually(30_000, () -> {
            for (JsonNode a : api.get("/api/audit/alerts?state=open", dpo).json().path("items")) {
                if (a.path("rule").asText().equals("REPEATED_DENIALS")) {
                    alert[0] = a.path("alertId").asText();
                    return true;
                }
            }
            return false;
        })).as("the refusals raised an alert").isTrue();
        ok(api.post("/api/audit/alerts/" + alert[0] + "/acknowledgement", dpo, Map.of("note", "已核实：测试")));
        awaitCaughtUp();
    }

    /** The streaming projections have every stored event (reads recorded by the test's own requests too). */
    private void awaitCaughtUp() {
        assertThat(Eventually.eventually(30_000, () -> projections().stream()
                .allMatch(p -> p.path("lag").asLong() == 0))).as("the streaming projections caught up").isTrue();
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void every_projection_replays_to_the_rows_it_had_and_publishes_nothing() {
        Map<String, List<String>> tables = tablesByGroup();
        assertThat(projections().stream().map(p -> p.path("name").asText()).toList())
                .as("every projection, the key shredder not among them")
                .containsExactly("access-log", "accounts", "actor-activity", "alerts", "batches", "cards", "imports",
                        "member-concerns", "members", "statistics", "unions");
        for (String group : tables.keySet()) {
            awaitCaughtUp();
            Map<String, String> before = checksums(tables.get(group));
            Map<String, List<String>> rowsBefore = new TreeMap<>();
            tables.get(group).forEach(t -> rowsBefore.put(t, rows(t)));
            assertThat(before.values()).as("%s has rows to rebuild", group).doesNotContain(EMPTY);
            long events = registry.storedEvents();
            long accesses = count("member_access");
            JsonNode done = replay(group);
            assertThat(done.path("state").asText()).as("%s", done).isEqualTo("running");
            assertThat(done.path("replay").path("processed").asLong()).isEqualTo(events);
            Map<String, String> after = checksums(tables.get(group));
            for (String t : tables.get(group)) {
                List<String> now = rows(t);
                List<String> gone = new ArrayList<>(rowsBefore.get(t));
                gone.removeAll(now);
                List<String> added = new ArrayList<>(now);
                added.removeAll(rowsBefore.get(t));
                assertThat(added).as("rows of %s after its replay that were not there before %s", t, gone).isEmpty();
            }
            assertThat(after).as("the rows of %s after its replay", group).isEqualTo(before);
            assertThat(registry.storedEvents()).as("a replay publishes nothing").isEqualTo(events);
            assertThat(count("member_access")).as("no access recorded twice").isEqualTo(accesses);
            assertThat(count("projection_replay", "pg_tables where schemaname = 'projection_replay'"))
                    .as("the copies are dropped").isZero();
        }
    }

    /**
     * Why the checksums above may compare times exactly: a live row holds its event's time as the store keeps it.
     * (An event's time in memory had nanoseconds, which PostgreSQL rounds to the microsecond while the store
     * truncates to the millisecond: about one row in two thousand then moved by a millisecond in a replay.)
     */
    @Test
    void a_live_row_holds_its_events_time_exactly_as_the_store_keeps_it() {
        List<Map<String, Object>> differing = registry.jdbc().queryForList("""
                select m.id, m.registered_at, e.time_stamp from member_view m
                join domain_event_entry e on e.aggregate_identifier = m.id and e.sequence_number = 0
                where m.registered_at <> e.time_stamp::timestamptz""");
        long rows = count("member_view");
        assertThat(rows).isGreaterThan(BULK);
        assertThat(differing).as("rows of %d whose time is not their stored event's", rows).isEmpty();
    }

    @Test
    void a_replay_repairs_what_differs_from_the_events() {
        Map<String, String> members = checksums(List.of("member_view", "member_count"));
        Map<String, String> accesses = checksums(List.of("member_access"));
        registry.tamper("update member_view set status = 'WITHDRAWN' where id = (select min(id) from member_view)",
                "delete from member_count where slot = 0",
                "delete from member_access where access_id = (select min(access_id) from member_access)");
        assertThat(checksums(List.of("member_view", "member_count"))).isNotEqualTo(members);
        replay("members");
        replay("access-log");
        assertThat(checksums(List.of("member_view", "member_count"))).isEqualTo(members);
        assertThat(checksums(List.of("member_access"))).isEqualTo(accesses);
    }

    @Test
    void readers_see_the_whole_directory_and_writers_keep_their_rows_during_a_replay() throws Exception {
        long listed = total(bulkUnion, bulkOperator);
        assertThat(listed).isEqualTo(BULK);
        AtomicBoolean replaying = new AtomicBoolean(true);
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        List<Long> reads = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            while (replaying.get()) {
                Response r = api.get("/api/unions/" + bulkUnion + "/members?size=1", bulkOperator);
                long total = r.status() == 200 ? r.json().path("total").asLong() : -r.status();
                reads.add(total);
                if (total != BULK) {
                    wrong.add(r.status() + " " + total);
                }
            }
        });
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        Thread writer = new Thread(() -> {
            int n = 0;
            while (replaying.get()) {
                Response r = api.post("/api/unions/" + union + "/members", operator,
                        MemberData.numbered(700_000 + n++).json());
                if (r.status() == 201) {
                    written.add(r.json().path("memberId").asText());
                } else {
                    wrong.add("write " + r.status());
                }
            }
        });
        reader.start();
        writer.start();
        Response accepted = api.post("/api/admin/projections/members/replay", admin, "");
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        Response again = api.post("/api/admin/projections/members/replay", admin, "");
        assertThat(again.status()).as("a second replay of it while it runs").isEqualTo(409);
        JsonNode done = awaitReplay("members");
        replaying.set(false);
        reader.join();
        writer.join();
        assertThat(done.path("state").asText()).isEqualTo("running");
        assertThat(wrong).as("answers other than the whole directory").isEmpty();
        assertThat(reads).as("reads during the replay").hasSizeGreaterThan(3);
        assertThat(written).as("registrations during the replay").isNotEmpty();
        for (String id : written) {
            assertThat(api.get("/api/members/" + id, operator).status()).as("member %s after the swap", id)
                    .isEqualTo(200);
        }
        Integer rows = registry.jdbc().queryForObject("select count(*) from member_view where id = any (?)",
                Integer.class, (Object) written.toArray(String[]::new));
        assertThat(rows).isEqualTo(written.size());
    }

    @Test
    void unknown_projections_the_key_shredder_and_other_roles_are_refused() {
        assertThat(api.post("/api/admin/projections/no-such-group/replay", admin, "").status()).isEqualTo(404);
        assertThat(api.post("/api/admin/projections/data-keys/replay", admin, "").status()).isEqualTo(404);
        assertThat(api.get("/api/admin/projections/data-keys", admin).status()).isEqualTo(404);
        assertThat(api.post("/api/admin/projections/members/replay", operator, "").status()).isEqualTo(403);
        assertThat(api.get("/api/admin/projections", operator).status()).isEqualTo(403);
        Response list = api.get("/api/admin/projections", admin);
        assertThat(list.status()).isEqualTo(200);
        JsonNode members = list.json().findValues("name").stream().anyMatch(n -> n.asText().equals("members"))
                ? api.get("/api/admin/projections/members", admin).json() : null;
        assertThat(members).isNotNull();
        assertThat(members.path("mode").asText()).isEqualTo("subscribing");
        assertThat(members.path("lag").asLong()).isZero();
        assertThat(members.path("position").asLong()).isEqualTo(members.path("head").asLong());
    }

    private static final String EMPTY = "empty";

    private JsonNode replay(String group) {
        Response accepted = api.post("/api/admin/projections/" + group + "/replay", admin, "");
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        assertThat(accepted.header("Location")).contains("/api/admin/projections/" + group);
        return awaitReplay(group);
    }

    private JsonNode awaitReplay(String group) {
        JsonNode[] last = new JsonNode[1];
        assertThat(Eventually.eventually(120_000, () -> {
            last[0] = api.get("/api/admin/projections/" + group, admin).json();
            return !last[0].path("replay").path("finishedAt").isMissingNode()
                    && !last[0].path("replay").path("finishedAt").isNull();
        })).as("the replay of %s ended", group).isTrue();
        return last[0];
    }

    private List<JsonNode> projections() {
        List<JsonNode> items = new ArrayList<>();
        ok(api.get("/api/admin/projections", admin)).json().forEach(items::add);
        return items;
    }

    private Map<String, List<String>> tablesByGroup() {
        return registry.context().getBeansOfType(ProcessorSettings.class).values().stream()
                .filter(s -> !s.tables().isEmpty())
                .collect(Collectors.toMap(ProcessorSettings::group, ProcessorSettings::tables, (a, b) -> a, TreeMap::new));
    }

    /** Each table's whole content, every column, rows in the order of their text. */
    private Map<String, String> checksums(List<String> tables) {
        Map<String, String> sums = new TreeMap<>();
        for (String t : tables) {
            sums.put(t, registry.jdbc().queryForObject("select coalesce(md5(string_agg(r, '|' order by r)), '" + EMPTY
                    + "') from (" + rowsOf(t) + ") x", String.class));
        }
        return sums;
    }

    /** A table's rows as text, in order: what differs when a checksum does. */
    private List<String> rows(String table) {
        return registry.jdbc().queryForList("select r from (" + rowsOf(table) + ") x order by 1", String.class);
    }

    /** A table's rows as text, every column. */
    private String rowsOf(String table) {
        if (table.equals("statistics_count")) {
            // A figure is the sum of its slots; which slot took a change is chosen at random per transaction.
            return "select union_id || '|' || cell || '|' || sum(n) as r from public.statistics_count"
                    + " group by union_id, cell having sum(n) <> 0";
        }
        String columns = String.join(" || '|' || ", registry.jdbc().queryForList("""
                select format('coalesce(%I::text, ''~'')', column_name)
                from information_schema.columns where table_schema = 'public' and table_name = ? order by ordinal_position
                """, String.class, table));
        return "select " + columns + " as r from public." + table;
    }

    private long count(String table) {
        return registry.jdbc().queryForObject("select count(*) from " + table, Long.class);
    }

    private long count(String what, String from) {
        return registry.jdbc().queryForObject("select count(*) from " + from, Long.class);
    }

    private long total(String unionId, String token) {
        return ok(api.get("/api/unions/" + unionId + "/members?size=1", token)).json().path("total").asLong();
    }

    private String memberOf(MemberData.Form person) {
        return MemberSupport.items(api.get("/api/unions/" + union + "/members?size=100", operator)).stream()
                .filter(m -> m.path("name").asText().equals(person.name)).findFirst().orElseThrow()
                .path("id").asText();
    }

    private static Response ok(Response r) {
        assertThat(r.status()).as("%s", r).isBetween(200, 204);
        return r;
    }

    /** A 19-digit number with the bank's prefix and a Luhn check digit computed by the test's own helper. */
    private static String cardNumber(int n) {
        return CardNumbers.numbered(510_000_000L, n);
    }
}
