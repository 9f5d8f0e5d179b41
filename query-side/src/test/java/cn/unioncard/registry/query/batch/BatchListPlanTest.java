package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every list query of the batches, run as the reads run it on 100,000 members in 4,000 batches of 25
 * and one of 5,000, explained with {@code EXPLAIN (ANALYZE, FORMAT JSON)}: an index that holds the
 * list's filter and order serves it, so no plan sorts, and nothing spills to disk. The plans' times
 * go to {@code query-side/target/batch-list-plans.txt}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchListPlanTest {

    static final int MEMBERS = 100_000;
    static final int BATCHES = 4_000;
    static final String BIG = "big-batch";
    static final ObjectMapper JSON = new ObjectMapper();

    final JdbcTemplate jdbc = TestDatabase.emptied("batch_member_view", "batch_view", "member_view", "member_count",
            "union_view");
    final StringBuilder report = new StringBuilder();

    /** The plan's nodes, and how long it ran. */
    record Plan(String name, List<JsonNode> nodes, double milliseconds) {

        List<String> indexes() {
            return nodes.stream().map(n -> n.path("Index Name").asText()).filter(s -> !s.isEmpty()).toList();
        }

        List<JsonNode> sorts() {
            return nodes.stream().filter(n -> n.path("Node Type").asText().contains("Sort")).toList();
        }
    }

    @BeforeAll
    void fill() {
        jdbc.update("""
                insert into union_view (id, level, name, system_code, path, profile, version, registered_at, updated_at)
                select 'd-' || d, 'DISTRICT', '区工会 ' || d, 'D' || d, '/city/d-' || d || '/', '{}'::jsonb, 0, now(), now()
                from generate_series(0, 9) d""");
        jdbc.update("""
                insert into union_view (id, level, name, system_code, path, profile, version, registered_at, updated_at)
                select 'g-' || g, 'GRASSROOTS', '基层工会 ' || g, 'G' || g, '/city/d-' || g % 10 || '/g-' || g || '/',
                       '{}'::jsonb, 0, now(), now()
                from generate_series(0, 199) g""");
        // 500 members in each of 200 unions; member i is in batch i / 25, which is in union (i / 25) % 200.
        jdbc.update("""
                insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, mobile, details,
                    authorised, authorised_on, version, registered_at, updated_at)
                select 'm-' || lpad(i::text, 6, '0'), 'g-' || u, '/city/d-' || u % 10 || '/g-' || u || '/', 'ACTIVE',
                       (array['王','李','张','刘','陈'])[1 + i % 5] || chr((19968 + (i * 7919) % 20000)::int),
                       '350203' || lpad(i::text, 12, '0'), right(lpad(i::text, 12, '0'), 4),
                       '13' || lpad(i::text, 9, '0'), jsonb_build_object('idType', '1', 'filler', repeat('x', 600)),
                       true, date '2026-11-01', 3, now(), now()
                from generate_series(0, ? - 1) i, lateral (select (i / 25) % 200 as u) x""", MEMBERS);
        // Oldest first: batch k submitted k minutes after the start; one in seven still waits.
        jdbc.update("""
                insert into batch_view (batch_id, union_id, union_path, status, member_count, approved_count,
                    debit_credit_count, content_hash, submitted_at, submitted_by, on_behalf, version, updated_at)
                select 'b-' || lpad(k::text, 5, '0'), 'g-' || k % 200, '/city/d-' || k % 10 || '/g-' || k % 200 || '/',
                       case when k % 7 = 0 then 'SUBMITTED' when k % 7 = 1 then 'REJECTED'
                            when k % 7 < 4 then 'APPROVED' else 'HANDED_TO_BANK' end,
                       25, case when k % 7 > 1 then 25 end, 0, repeat('0', 64),
                       timestamptz '2026-01-01 00:00+08' + k * interval '1 minute', 'op', false, 1, now()
                from generate_series(0, ? - 1) k""", BATCHES);
        jdbc.update("""
                insert into batch_member_view (batch_id, member_id, submitted_version, debit_credit, state)
                select 'b-' || lpad((i / 25)::text, 5, '0'), 'm-' || lpad(i::text, 6, '0'), 3, i % 7 = 0,
                       case when (i / 25) % 7 = 0 then 'SUBMITTED' when (i / 25) % 7 = 1 then 'RETURNED'
                            else 'APPROVED' end
                from generate_series(0, ? - 1) i""", MEMBERS);
        jdbc.update("""
                insert into batch_view (batch_id, union_id, union_path, status, member_count, debit_credit_count,
                    content_hash, submitted_at, submitted_by, on_behalf, version, updated_at)
                values (?, 'g-3', '/city/d-3/g-3/', 'SUBMITTED', 5000, 0, repeat('0', 64), now(), 'op', false, 0, now())""",
                BIG);
        jdbc.update("""
                insert into batch_member_view (batch_id, member_id, submitted_version, debit_credit, state)
                select ?, 'm-' || lpad(i::text, 6, '0'), 3, false, 'SUBMITTED' from generate_series(50000, 54999) i""",
                BIG);
        for (String table : List.of("member_view", "batch_view", "batch_member_view", "union_view")) {
            jdbc.execute("vacuum analyze " + table);
        }
        line("filled %d members, %d batches of 25 and one of 5,000; load average %s", MEMBERS, BATCHES,
                loadAverage());
    }

    @AfterAll
    void write() throws IOException {
        Files.writeString(Path.of("target", "batch-list-plans.txt"), report);
        System.out.println(report);
    }

    @Test
    void aReviewersWaitingBatchesAreReadThroughTheStatusIndexWithoutSpilling() {
        BatchListing.Filter f = BatchListing.Filter.of("/city/d-3/", BatchStatus.SUBMITTED, null, null, null);
        servedByIndex(explain("district, waiting, page 1", BatchListing.HEAD + f.where() + BatchListing.ORDER,
                f.with(0L, 21)), "batch_view_waiting", "batch_view_submitted");
        servedByIndex(explain("district, waiting, page 3", BatchListing.HEAD + f.where() + BatchListing.ORDER,
                f.with(40L, 21)), "batch_view_waiting", "batch_view_submitted");
        noSpill(explain("district, waiting, total", "select count(*) from batch_view " + f.where(),
                f.args().toArray()));
    }

    @Test
    void theCitysWaitingBatchesAreAnIndexWalkInSubmissionOrder() {
        BatchListing.Filter city = BatchListing.Filter.of("/", BatchStatus.SUBMITTED, null, null, null);
        walksInOrder(explain("city, waiting, page 1", BatchListing.HEAD + city.where() + BatchListing.ORDER,
                city.with(0L, 21)), "batch_view_waiting", "batch_view_submitted");
        walksInOrder(explain("city, waiting, after a cursor", BatchListing.HEAD + city.where() + BatchListing.AFTER,
                city.with("b-01001", 21)), "batch_view_waiting", "batch_view_submitted");
        walksInOrder(explain("city, every state, page 1", BatchListing.HEAD
                + BatchListing.Filter.of("/", null, null, null, null).where() + BatchListing.ORDER,
                BatchListing.Filter.of("/", null, null, null, null).with(0L, 21)), "batch_view_submitted");
        noSpill(explain("city, waiting, total", "select count(*) from batch_view " + city.where(),
                city.args().toArray()));
    }

    @Test
    void aDistrictsBatchesWithinDatesAreReadThroughTheSubmissionIndex() {
        BatchListing.Filter f = BatchListing.Filter.of("/city/d-3/", null, null, LocalDate.of(2026, 1, 2),
                LocalDate.of(2026, 1, 3));
        servedByIndex(explain("district, every state, two days", BatchListing.HEAD + f.where() + BatchListing.ORDER,
                f.with(0L, 21)), "batch_view_submitted", "batch_view_waiting");
    }

    @Test
    void aUnionsOwnBatchesAreReadThroughTheUnionIndex() {
        BatchListing.Filter f = BatchListing.Filter.of("/city/d-3/g-3/", null, "g-3", null, null);
        servedByIndex(explain("a union's own batches, page 1", BatchListing.HEAD + f.where() + BatchListing.ORDER,
                f.with(0L, 21)), "batch_view_union");
    }

    @Test
    void aBatchsMembersAreReadInMemberIdOrderFromThePrimaryKey() {
        walksInOrder(explain("5,000-member batch, page 1 of 500", BatchReview.MEMBERS + BatchReview.MEMBER_ORDER,
                BIG, 0L, 501), "batch_member_view_pkey");
        walksInOrder(explain("5,000-member batch, after a cursor", BatchReview.MEMBERS + BatchReview.MEMBER_AFTER,
                BIG, "m-054000", 501), "batch_member_view_pkey");
        servedByIndex(explain("5,000-member batch, page 10 of 500", BatchReview.MEMBERS + BatchReview.MEMBER_ORDER,
                BIG, 4_500L, 501), "batch_member_view_pkey");
        List<String> page = jdbc.queryForList("select member_id from batch_member_view where batch_id = ? "
                + "order by member_id limit 500", String.class, BIG);
        servedByIndex(explain("other batches holding a page's 500 members", BatchReview.OTHER_BATCHES,
                page.toArray(String[]::new), BIG, BatchReview.HOLDING), "batch_member_view_member");
    }

    @Test
    void aUnionsMembersAreReadInNameOrderFromTheMemberListIndex() {
        // The member list's page (query.member.MemberListing, V14), on the same 100,000 members.
        walksInOrder(explain("a union's members, page 1", "select id, name, id_number, mobile, status, authorised, "
                + "version from member_view where union_id = ? order by name, id offset ? rows fetch first ? rows only",
                "g-3", 0L, 21L), "member_view_list");
    }

    /**
     * The index is used and no sort spills; the planner may still sort a few hundred rows it found
     * through the index in memory (a bitmap scan and a quicksort) when it expects few: that is its choice.
     */
    void servedByIndex(Plan plan, String... indexes) {
        noSpill(plan);
        assertThat(plan.indexes()).as(plan.name() + ": the index used").containsAnyOf(indexes);
    }

    /** Served by the index and read in its order: the page is an index walk that stops at its last row, no sort. */
    void walksInOrder(Plan plan, String... indexes) {
        servedByIndex(plan, indexes);
        assertThat(plan.sorts()).as(plan.name() + ": the index holds the order, nothing sorts").isEmpty();
    }

    void noSpill(Plan plan) {
        assertThat(plan.nodes()).as(plan.name() + ": no sort spills to disk")
                .noneMatch(n -> n.path("Sort Method").asText().contains("external")
                        || n.path("Sort Space Type").asText().equals("Disk"));
    }

    Plan explain(String name, String sql, Object... args) {
        String json = jdbc.queryForObject("explain (analyze, format json) " + sql, String.class, args);
        try {
            JsonNode root = JSON.readTree(json).get(0);
            List<JsonNode> nodes = new ArrayList<>();
            collect(root.path("Plan"), nodes);
            Plan plan = new Plan(name, nodes, root.path("Execution Time").asDouble());
            line("%-48s %8.3f ms  %s", name, plan.milliseconds(), nodes.stream()
                    .map(n -> n.path("Node Type").asText() + (n.has("Index Name") ? " " + n.path("Index Name").asText()
                            : "")).toList());
            return plan;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void collect(JsonNode node, List<JsonNode> nodes) {
        nodes.add(node);
        for (JsonNode child : node.path("Plans")) {
            collect(child, nodes);
        }
    }

    String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    void line(String format, Object... args) {
        report.append(String.format(format, args)).append('\n');
    }

    /** Names the indexes this test expects, so a renamed index fails here and not silently. */
    @Test
    void theIndexesTheseListsNeedExist() {
        assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename in ('batch_view', "
                + "'batch_member_view', 'member_view')", String.class)).containsAll(Set.of("batch_view_waiting",
                "batch_view_submitted", "batch_view_union", "batch_member_view_pkey", "batch_member_view_member",
                "member_view_list"));
    }
}
