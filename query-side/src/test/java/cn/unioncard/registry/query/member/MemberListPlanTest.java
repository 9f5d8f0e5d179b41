package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a page of the member list costs in the database, read from the plans PostgreSQL runs: a page
 * after a cursor scans the index from the cursor's place and reads the rows it shows and one more,
 * wherever it is in the list; a numbered page in the last tenth walks from the end. Counted in index
 * entries read, which do not depend on the machine's load as timings do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemberListPlanTest {

    static final String BIG = "u-big";
    static final int MEMBERS = 6000;
    /** The index condition that starts the scan at the cursor's (name, id), casts or not. */
    static final String FROM_THE_CURSOR = "ROW\\(\\(?name\\)?(::text)?, \\(?id\\)?(::text)?\\) > ROW\\(";

    /** Remembers the last list query and its arguments, to explain it as the listing ran it. */
    static final class Recording extends JdbcTemplate {
        String sql;
        Object[] args;

        Recording(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) {
            this.sql = sql;
            this.args = args;
            return super.query(sql, rowMapper, args);
        }
    }

    final JdbcTemplate jdbc = TestDatabase.emptied("member_view", "member_count");
    final Recording recording = new Recording(TestDatabase.dataSource());
    final MemberListing listing = new MemberListing(recording, new MemberCounts(jdbc));

    @BeforeAll
    void fill() {
        MemberListPlans.fill(jdbc, "u-", 20, 200);
        MemberListPlans.fill(jdbc, BIG, 1, MEMBERS);
        jdbc.execute("""
                insert into member_count (union_id, status, slot, members)
                select union_id, status, 0, count(*) from member_view group by union_id, status""");
        jdbc.execute("vacuum analyze member_view");
        jdbc.execute("vacuum analyze member_count");
    }

    @Test
    void aDeepPageAfterACursorReadsWhatAFirstPageReads() {
        MemberListing.Found first = listing.page(BIG, null, null, 0, 20);
        Scan firstScan = explain();
        assertThat(firstScan.rows()).isEqualTo(21);

        String cursor = jdbc.queryForObject("select id from member_view where union_id = ? order by name, id offset ? "
                + "limit 1", String.class, BIG, MEMBERS - MEMBERS / 20);
        MemberListing.Found deep = listing.after(BIG, null, null, cursor, 20);
        assertThat(deep.rows()).hasSize(20);
        Scan deepScan = explain();
        assertThat(deepScan.node()).as("a range scan of the index, not a walk of the union").isIn("Index Scan", "Index Only Scan");
        assertThat(deepScan.index()).isEqualTo("member_view_list");
        assertThat(deepScan.condition()).containsPattern(FROM_THE_CURSOR);
        assertThat(deepScan.rows()).as("index entries read").isEqualTo(firstScan.rows());
        assertThat(first.next()).isNotNull();

        listing.after(BIG, MemberStatus.ACTIVE, null, cursor, 20);
        Scan byStatus = explain();
        assertThat(byStatus.condition()).containsPattern(FROM_THE_CURSOR);
        assertThat(byStatus.rows()).as("index entries read").isLessThan(30);
    }

    @Test
    void aNumberedPageInTheLastTenthIsReadFromTheEnd() {
        int pages = MEMBERS / 20;
        listing.page(BIG, null, null, pages - pages / 10, 20);
        Scan backward = explain();
        assertThat(backward.backward()).isTrue();
        assertThat(backward.rows()).as("index entries read").isLessThanOrEqualTo(MEMBERS / 10 + 1);
        // Before: forward over every entry before the page.
        String forward = MemberListing.PAGE_SQL_HEAD + "where union_id = ?" + MemberListing.FORWARD_TAIL;
        recording.sql = forward;
        recording.args = new Object[] {BIG, (long) (pages - pages / 10) * 20, 21L};
        assertThat(explain().rows()).isGreaterThan(MEMBERS * 8 / 10);
    }

    /** The scan of member_view that yields the page (not the cursor's own lookup), as it ran. */
    record Scan(String node, String index, String condition, boolean backward, long rows) {
    }

    Scan explain() {
        String json = jdbc.queryForObject("explain (analyze, format json) " + recording.sql, String.class,
                recording.args);
        try {
            JsonNode plan = new ObjectMapper().readTree(json).get(0).path("Plan");
            List<JsonNode> scans = new ArrayList<>();
            collect(plan, scans);
            JsonNode scan = scans.get(0);
            return new Scan(scan.path("Node Type").asText(), scan.path("Index Name").asText(),
                    scan.path("Index Cond").asText(), "Backward".equals(scan.path("Scan Direction").asText()),
                    scan.path("Actual Rows").asLong() * scan.path("Actual Loops").asLong()
                            + scan.path("Rows Removed by Filter").asLong());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Scans of member_view outside init plans (the cursor's lookup by id is one). */
    static void collect(JsonNode node, List<JsonNode> scans) {
        if ("InitPlan".equals(node.path("Parent Relationship").asText())) {
            return;
        }
        if ("member_view".equals(node.path("Relation Name").asText())) {
            scans.add(node);
        }
        for (JsonNode child : node.path("Plans")) {
            collect(child, scans);
        }
    }
}
