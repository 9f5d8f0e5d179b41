package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.testing.TestDatabase;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

import static cn.unioncard.registry.query.statistics.StatisticsEvents.CITY;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.D1;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.D2;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.G1;
import static cn.unioncard.registry.query.statistics.StatisticsEvents.G3;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live projection on the real schema shows what the model fed the same events shows, whether each
 * event commits alone or a whole run of them commits as one unit of work (an import's chunk).
 */
@ProjectionTest
class StatisticsProjectionTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;

    StatisticsProjection projection;
    LiveStatistics live;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("statistics_count", "statistics_member", "statistics_union");
        projection = new StatisticsProjection(new StatisticsRows(jdbc));
        live = new LiveStatistics(jdbc);
    }

    /** As Axon would: the projection's handler for the event's type. */
    private void handle(Object event) {
        try {
            StatisticsProjection.class.getDeclaredMethod("on", event.getClass()).invoke(projection, event);
        } catch (NoSuchMethodException e) {
            // An event the statistics do not handle.
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatisticsModel model(List<Object> events) {
        StatisticsModel model = new StatisticsModel();
        events.forEach(model::apply);
        return model;
    }

    private void assertSameAsTheModel(List<Object> events) {
        StatisticsModel model = model(events);
        for (String union : List.of(CITY, D1, D2, G1, G3)) {
            assertThat(live.of(union, 2026)).as(union).contains(model.statistics(union, 2026, null));
        }
    }

    @Test
    void each_event_in_its_own_transaction_leaves_the_figures_the_model_computes() {
        List<Object> story = StatisticsEvents.story();
        for (int i = 0; i < story.size(); i++) {
            Object event = story.get(i);
            tx.executeWithoutResult(s -> handle(event));
            if (i == 20 || i == story.size() - 1) {
                assertSameAsTheModel(story.subList(0, i + 1));
            }
        }
    }

    @Test
    void a_whole_run_in_one_unit_of_work_is_written_at_its_commit_and_counts_the_same() {
        List<Object> story = StatisticsEvents.story();
        tx.executeWithoutResult(s -> {
            story.subList(0, 6).forEach(this::handle);
        });
        tx.executeWithoutResult(s -> {
            DefaultUnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
            story.subList(6, story.size()).forEach(this::handle);
            assertThat(jdbc.queryForObject("select count(*) from statistics_member", Long.class)).isZero();
            unit.commit();
        });
        assertSameAsTheModel(story);
        assertThat(jdbc.queryForObject("select count(*) from statistics_member where sex is not null and"
                + " status = 'ERASED'", Long.class)).isZero();
    }
}
