package cn.unioncard.registry.query.statistics;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.query.statistics.StatisticsEvents.CITY;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.D1;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.D2;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.G1;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.G2;
import static org.assertj.core.api.Assertions.assertThat;

/** The statistics model against figures worked out by hand from {@link StatisticsEvents#story()}. */
class StatisticsModelTest {

    private static final int YEAR = 2026;

    private static StatisticsModel fed(List<Object> events) {
        StatisticsModel model = new StatisticsModel();
        events.forEach(model::apply);
        return model;
    }

    private static Map<String, Long> funnel(long... n) {
        List<String> keys = List.of("registered", "authorised", "submitted", "approved", "handedToBank", "issued",
                "handedOut", "activated", "withdrawn", "erased");
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), n[i]);
        }
        return m;
    }

    @Test
    void the_city_total_counts_every_member_where_the_story_left_them() {
        Figures.Statistics s = fed(StatisticsEvents.story()).statistics(CITY, YEAR, null);
        Figures.Row t = s.total();
        assertThat(t.members()).containsExactlyEntriesOf(funnel(6, 5, 3, 3, 3, 3, 1, 1, 1, 1));
        assertThat(t.grassrootsUnions()).isEqualTo(3);
        assertThat(t.cardTypes()).containsExactlyInAnyOrderEntriesOf(Map.of("appliedDebit", 5L, "appliedDebitCredit", 1L,
                "issuedDebit", 2L, "issuedDebitCredit", 0L, "qualificationDeclined", 1L));
        assertThat(t.education()).containsExactlyInAnyOrderEntriesOf(Map.of("2", 1L, "6", 5L));
        assertThat(t.sex()).containsExactlyInAnyOrderEntriesOf(Map.of("male", 4L, "female", 1L, "unknown", 1L));
        assertThat(t.ageBand()).containsExactlyInAnyOrderEntriesOf(Map.of("<25", 1L, "25-34", 1L, "35-44", 2L, "45-54", 0L,
                "55+", 1L, "unknown", 1L));
        assertThat(t.labourContract()).containsExactlyInAnyOrderEntriesOf(Map.of("yes", 6L, "no", 0L));
        assertThat(t.unionFigures()).containsExactlyInAnyOrderEntriesOf(Map.of("staff", 150L, "members", 120L,
                "migrantWorkers", 14L, "dispatchedWorkers", 8L, "insured", 120L));
        assertThat(s.labels().get("education")).containsKeys("2", "6");
    }

    @Test
    void the_city_has_a_row_per_district_and_a_transfer_counts_in_the_new_union() {
        Figures.Statistics s = fed(StatisticsEvents.story()).statistics(CITY, YEAR, null);
        assertThat(s.rows()).extracting(Figures.Row::unionId).containsExactly(D1, D2);
        assertThat(s.rows().get(0).members()).containsExactlyEntriesOf(funnel(5, 4, 2, 2, 2, 2, 1, 1, 1, 1));
        assertThat(s.rows().get(0).grassrootsUnions()).isEqualTo(2);
        assertThat(s.rows().get(1).members()).containsExactlyEntriesOf(funnel(1, 1, 1, 1, 1, 1, 0, 0, 0, 0));
        assertThat(s.rows().get(1).unionFigures().get("staff")).isZero();
    }

    @Test
    void a_districts_grassroots_rows_hide_cells_of_fewer_than_five_people_but_its_total_does_not() {
        Figures.Statistics s = fed(StatisticsEvents.story()).statistics(D1, YEAR, null);
        assertThat(s.rows()).extracting(Figures.Row::unionId).containsExactly(G2, G1);
        Figures.Row g1 = s.rows().get(1);
        assertThat(g1.sex()).containsExactlyInAnyOrderEntriesOf(Map.of("male", "<5", "female", "<5", "unknown", "<5"));
        assertThat(g1.ageBand()).containsExactlyInAnyOrderEntriesOf(Map.of("<25", "<5", "25-34", 0L, "35-44", "<5",
                "45-54", 0L, "55+", "<5", "unknown", "<5"));
        assertThat(g1.ethnicGroup()).containsExactlyInAnyOrderEntriesOf(Map.of("01", "<5"));
        // One person: the zeros beside the hidden cell are hidden too, or the total would give it away.
        assertThat(s.rows().get(0).sex()).containsExactlyInAnyOrderEntriesOf(Map.of("male", "<5", "female", "*", "unknown", "*"));
        assertThat(s.total().sex()).containsExactlyInAnyOrderEntriesOf(Map.of("male", 3L, "female", 1L, "unknown", 1L));
    }

    @Test
    void a_grassroots_caller_sees_its_own_total_suppressed_and_no_rows() {
        Figures.Statistics s = fed(StatisticsEvents.story()).statistics(G1, YEAR, null);
        assertThat(s.rows()).isEmpty();
        assertThat(s.total().sex().get("male")).isEqualTo("<5");
        assertThat(s.total().members().get("registered")).isEqualTo(4L);
    }

    @Test
    void one_hidden_cell_hides_the_next_smallest_non_zero_one_too_marked_as_hidden_for_it() {
        Map<String, Long> cells = new LinkedHashMap<>();
        cells.put("male", 10L);
        cells.put("female", 3L);
        cells.put("unknown", 0L);
        assertThat(Figures.suppressed(cells, true)).containsExactlyInAnyOrderEntriesOf(Map.of("male", "*", "female", "<5",
                "unknown", 0L));
        cells.put("female", 7L);
        cells.put("unknown", 2L);
        assertThat(Figures.suppressed(cells, true)).containsExactlyInAnyOrderEntriesOf(Map.of("male", 10L, "female", "*",
                "unknown", "<5"));
        cells.put("unknown", 5L);
        assertThat(Figures.suppressed(cells, true)).containsExactlyInAnyOrderEntriesOf(Map.of("male", 10L, "female", 7L,
                "unknown", 5L));
        cells.put("unknown", 1L);
        assertThat(Figures.suppressed(cells, false)).containsExactlyInAnyOrderEntriesOf(Map.of("male", 10L, "female", 7L,
                "unknown", 1L));
    }

    @Test
    void ages_are_counted_in_the_year_of_the_instant() {
        assertThat(Figures.band("2002", 2026)).isEqualTo("<25");
        assertThat(Figures.band("2001", 2026)).isEqualTo("25-34");
        assertThat(Figures.band("1991", 2026)).isEqualTo("35-44");
        assertThat(Figures.band("1971", 2026)).isEqualTo("55+");
        assertThat(Figures.band("1972", 2026)).isEqualTo("45-54");
        Figures.Statistics s = fed(StatisticsEvents.story()).statistics(CITY, 2036, Instant.EPOCH);
        assertThat(s.total().ageBand()).containsExactlyInAnyOrderEntriesOf(Map.of("<25", 0L, "25-34", 1L, "35-44", 1L,
                "45-54", 2L, "55+", 1L, "unknown", 1L));
    }

    @Test
    void a_union_not_yet_registered_is_absent_and_counts_nothing() {
        List<Object> story = StatisticsEvents.story();
        StatisticsModel early = fed(story.subList(0, 4));
        assertThat(early.union(G2)).isNull();
        assertThat(early.statistics(CITY, YEAR, null).rows()).extracting(Figures.Row::unionId).containsExactly(D1, D2);
        assertThat(early.statistics(D1, YEAR, null).rows()).extracting(Figures.Row::unionId).containsExactly(G1);
        assertThat(early.statistics(CITY, YEAR, null).total().grassrootsUnions()).isEqualTo(1);
    }
}
