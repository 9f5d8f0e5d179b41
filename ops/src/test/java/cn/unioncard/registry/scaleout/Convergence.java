package cn.unioncard.registry.scaleout;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MachinePostgres;
import cn.unioncard.registry.testing.Eventually;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the processes built together equals what one process builds alone from the same events: every
 * projection caught up, the tables' checksums taken, then each projection replayed from the event
 * store by the one survivor (a single-process run over the same events) and the checksums taken again.
 */
final class Convergence {

    /** Projections and the tables they write: the directory, the statistics, the access log, the accounts. */
    static final Map<String, List<String>> TABLES = new java.util.TreeMap<>(Map.of(
            "members", List.of("member_view", "member_count"),
            "statistics", List.of("statistics_union", "statistics_member", "statistics_count"),
            "access-log", List.of("member_access"),
            "accounts", List.of("account_view")));

    private Convergence() {
    }

    static void assertReplaysChangeNothing(Cluster cluster, MachinePostgres pg, String admin, List<String> projections) {
        Api survivor = cluster.at(0);
        assertThat(Eventually.eventually(60_000, () -> caughtUp(survivor, admin)))
                .as("every projection catches up: %s", survivor.get("/api/admin/projections", admin).body()).isTrue();
        Map<String, String> before = checksums(pg);
        Map<String, java.util.Set<String>> rowsBefore = rows(pg);
        for (String projection : projections) {
            Response started = survivor.post("/api/admin/projections/" + projection + "/replay", admin, Map.of());
            assertThat(started.status()).as("%s", started).isEqualTo(202);
            assertThat(Eventually.eventually(120_000, () -> finished(survivor, admin, projection)))
                    .as("the replay of %s ends", projection).isTrue();
            JsonNode item = survivor.get("/api/admin/projections/" + projection, admin).json();
            assertThat(item.path("state").asText()).as("%s", item).isEqualTo("running");
        }
        Map<String, String> after = checksums(pg);
        System.out.printf("SCALEOUT checksums before and after replaying %s at one of %d processes: %s%n",
                projections, cluster.alive().size(), before);
        if (!after.equals(before)) {
            // Synthetic people only: the differing rows say what diverged.
            Map<String, java.util.Set<String>> rowsAfter = rows(pg);
            rowsBefore.forEach((table, was) -> {
                java.util.Set<String> gone = new java.util.TreeSet<>(was);
                gone.removeAll(rowsAfter.get(table));
                java.util.Set<String> come = new java.util.TreeSet<>(rowsAfter.get(table));
                come.removeAll(was);
                gone.stream().limit(5).forEach(r -> System.out.printf("SCALEOUT %s before only: %s%n", table, r));
                come.stream().limit(5).forEach(r -> System.out.printf("SCALEOUT %s after only:  %s%n", table, r));
            });
        }
        assertThat(after).as("what one process rebuilds alone from the same events").isEqualTo(before);
    }

    private static boolean caughtUp(Api api, String admin) {
        JsonNode items = api.get("/api/admin/projections", admin).json();
        for (JsonNode item : items) {
            if (item.path("lag").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean finished(Api api, String admin, String projection) {
        JsonNode replay = api.get("/api/admin/projections/" + projection, admin).json().path("replay");
        return !replay.path("finishedAt").isMissingNode() && !replay.path("finishedAt").isNull();
    }

    /**
     * Table → row count and the md5 of its rows as text, in text order. The statistics' counts are
     * spread over slots that concurrent writers pick at random, so for them the figures (each cell's
     * sum over its slots) are what must agree, not the slots.
     */
    static Map<String, String> checksums(MachinePostgres pg) {
        Map<String, String> sums = new LinkedHashMap<>();
        TABLES.values().stream().flatMap(List::stream).sorted().forEach(table -> sums.put(table, Sql.one(pg,
                "select count(*) || ' rows ' || md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) from "
                        + (table.equals("statistics_count") ? FIGURES : table) + " t")));
        return sums;
    }

    private static Map<String, java.util.Set<String>> rows(MachinePostgres pg) {
        Map<String, java.util.Set<String>> rows = new LinkedHashMap<>();
        TABLES.values().stream().flatMap(List::stream).forEach(table -> rows.put(table, new java.util.HashSet<>(
                Sql.rows(pg, "select t::text from " + (table.equals("statistics_count") ? FIGURES : table) + " t")
                        .stream().map(r -> r.get(0)).toList())));
        return rows;
    }

    private static final String FIGURES = "(select union_id, cell, sum(n) as n from statistics_count "
            + "group by union_id, cell having sum(n) <> 0)";
}
