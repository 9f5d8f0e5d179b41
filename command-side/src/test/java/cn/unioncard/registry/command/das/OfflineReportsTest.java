package cn.unioncard.registry.command.das;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.imports.ImportFailed;
import cn.unioncard.registry.events.union.UnionLevel;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The offline_report rows on the real database: who gets a follow-up, and which reports may come again. */
class OfflineReportsTest {

    private JdbcTemplate jdbc;
    private EventStore events;
    private OfflineReports reports;

    @BeforeEach
    void setUp() {
        jdbc = Lookups.emptied();
        jdbc.update("delete from offline_report");
        UnionTree tree = new UnionTree(jdbc);
        tree.add("city-1", null, UnionLevel.CITY);
        tree.add("district-a", "city-1", UnionLevel.DISTRICT);
        tree.add("g-1", "district-a", UnionLevel.GRASSROOTS);
        events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        reports = new OfflineReports(jdbc, events);
    }

    private OfflineReports.Report started(String manifest, String job) {
        reports.started(new OfflineReports.Report(manifest, "f".repeat(64), "g-1", "k-1", job, "batch-" + job,
                "reviewer", OfflineReports.State.IMPORTING, null), Instant.parse("2026-12-01T02:00:00Z"));
        return reports.byJob(job).orElseThrow();
    }

    @Test
    void of_two_start_ups_that_read_one_interrupted_report_only_one_takes_it_over() {
        started("a".repeat(64), "job-1");
        assertThat(reports.claim("job-1")).isTrue();
        assertThat(reports.claim("job-1")).as("claimed once").isFalse();
        OfflineReports.Report readByBoth = reports.unfinished().get(0);

        assertThat(reports.takeOver(readByBoth)).isTrue();
        assertThat(reports.takeOver(readByBoth)).as("the claim it read is gone").isFalse();
        assertThat(reports.takeOver(reports.byJob("job-1").orElseThrow())).as("a later start-up").isTrue();
    }

    @Test
    void a_report_is_retryable_when_refused_or_when_its_job_failed_and_not_while_importing_or_submitted() {
        OfflineReports.Report importing = started("a".repeat(64), "job-1");
        assertThat(reports.retryable(importing)).isFalse();
        reports.finished("job-1", OfflineReports.State.SUBMITTED, null);
        assertThat(reports.retryable(reports.byJob("job-1").orElseThrow())).isFalse();
        reports.finished("job-1", OfflineReports.State.REFUSED, "BatchRefused");
        assertThat(reports.retryable(reports.byJob("job-1").orElseThrow())).isTrue();

        OfflineReports.Report failing = started("b".repeat(64), "job-2");
        events.publish(new GenericDomainEventMessage<>("ImportJob", "job-2", 0,
                new ImportFailed("job-2", "import.unreadable", 0, 0, 0, 0, 10)));
        assertThat(reports.retryable(failing)).isTrue();
    }

    @Test
    void forgetting_an_earlier_report_lets_the_same_manifest_start_again() {
        OfflineReports.Report earlier = started("a".repeat(64), "job-1");
        reports.forget(earlier);
        started("a".repeat(64), "job-2");
        assertThat(reports.byManifest("a".repeat(64))).map(OfflineReports.Report::jobId).contains("job-2");
    }
}
