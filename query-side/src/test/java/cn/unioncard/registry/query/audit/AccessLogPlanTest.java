package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.query.member.MembersUnderUnion;
import cn.unioncard.registry.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every filter of the access log, run as the reads run it over 200,000 recorded reads of 20,000 members in
 * 200 unions, explained: member_access is never read whole (no sequential scan), and where the filter
 * is a column the order follows, the page is an index walk that sorts nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessLogPlanTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-09-01T00:00:00Z");

    final JdbcTemplate jdbc = TestDatabase.emptied("member_access", "member_view", "member_count");
    final String membersUnder = new MembersUnderUnion().condition("member_id");

    @BeforeAll
    void fill() {
        jdbc.update("""
                insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, mobile, details,
                    authorised, version, registered_at, updated_at)
                select 'm-' || lpad(i::text, 6, '0'), 'g-' || i % 200, '/city/d-' || i % 10 || '/g-' || i % 200 || '/',
                       'ACTIVE', '会员', '350203' || lpad(i::text, 12, '0'), right(lpad(i::text, 12, '0'), 4), null,
                       '{}'::jsonb, true, 0, now(), now()
                from generate_series(0, 19999) i""");
        // Read k: member k % 20,000 by reader k % 50, one a minute from T0; one in ten revealed.
        jdbc.update("""
                insert into member_access (access_id, member_id, accessed_at, actor_user, actor_role,
                    actor_organisation, client_address, correlation_id, fields, revealed, purpose, endpoint)
                select 'a-' || lpad(k::text, 7, '0'), 'm-' || lpad((k % 20000)::text, 6, '0'),
                       timestamptz '2026-09-01 00:00Z' + k * interval '1 minute', 'reader-' || k % 50, 'UNION_OPERATOR',
                       'g-1', '10.0.0.1', 'c-' || k, 'name,idNumber', k % 10 = 0, '核对', 'GET /api/members/{id}'
                from generate_series(0, 199999) k""");
        jdbc.execute("vacuum analyze member_access");
        jdbc.execute("vacuum analyze member_view");
    }

    @Test
    void the_whole_log_is_an_index_walk_newest_first() {
        walksInOrder(plan(filter(null, null, null, false, null, null)), "member_access_newest");
    }

    @Test
    void a_readers_reads_are_an_index_walk_of_the_actor_index() {
        walksInOrder(plan(filter(null, "reader-7", null, false, null, null)), "member_access_actor");
    }

    @Test
    void revealed_reads_are_an_index_walk_of_the_partial_index() {
        walksInOrder(plan(filter(null, null, null, true, null, null)), "member_access_revealed");
    }

    @Test
    void a_period_is_a_range_of_the_newest_first_index() {
        walksInOrder(plan(filter(null, null, null, false, "2026-09-20T00:00:00Z", "2026-09-21T00:00:00Z")),
                "member_access_newest");
    }

    @Test
    void a_members_reads_come_from_the_member_index() {
        servedBy(plan(filter("m-000123", null, null, false, null, null)), "member_access_member");
    }

    /**
     * The planner picks by the subtree's share of the reads: walk the log newest first and check each
     * read's member by primary key (a large subtree), or find the subtree's members by path and their
     * reads by member (a small one). Either way no table is read whole.
     */
    @Test
    void a_unions_members_reads_are_index_scans_of_both_tables() {
        for (String path : List.of("/city/d-7/g-7/", "/city/d-7/", "/city/")) {
            List<JsonNode> nodes = plan(filter(null, null, "u", false, null, null).withUnionPath(path));
            assertThat(nodes).as("%s: no table is read whole: %s", path, nodes)
                    .noneMatch(n -> n.path("Node Type").asText().equals("Seq Scan"));
            assertThat(indexes(nodes)).as(path).containsAnyOf("member_access_newest", "member_access_member");
        }
    }

    AccessLogFilter filter(String member, String actor, String union, boolean revealed, String from, String to) {
        return AccessLogFilter.of(member, actor, union, revealed, from, to);
    }

    List<JsonNode> plan(AccessLogFilter filter) {
        AccessLogFilter.Condition c = filter.condition(membersUnder);
        String json = jdbc.queryForObject("explain (format json) " + AccessLogReader.pageSql(c.where()), String.class,
                c.with(0L, 50));
        try {
            List<JsonNode> nodes = new ArrayList<>();
            collect(JSON.readTree(json).get(0).path("Plan"), nodes);
            return nodes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void servedBy(List<JsonNode> nodes, String index) {
        assertThat(indexes(nodes)).as("indexes used in %s", nodes).contains(index);
        assertThat(nodes).as("member_access is never read whole").noneMatch(n ->
                n.path("Node Type").asText().equals("Seq Scan")
                        && n.path("Relation Name").asText().equals("member_access"));
    }

    void walksInOrder(List<JsonNode> nodes, String index) {
        servedBy(nodes, index);
        assertThat(nodes).as("the index holds the order: nothing sorts").noneMatch(n ->
                n.path("Node Type").asText().contains("Sort"));
    }

    static List<String> indexes(List<JsonNode> nodes) {
        return nodes.stream().map(n -> n.path("Index Name").asText()).filter(s -> !s.isEmpty()).toList();
    }

    static void collect(JsonNode node, List<JsonNode> into) {
        into.add(node);
        node.path("Plans").forEach(child -> collect(child, into));
    }
}
