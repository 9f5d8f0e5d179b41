package cn.unioncard.registry.query.imports;

import cn.unioncard.registry.events.imports.ImportCompleted;
import cn.unioncard.registry.events.imports.ImportFailed;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.query.ProjectionTest;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ProjectionTest
class ImportJobProjectionTest {

    static final Instant T0 = Instant.parse("2026-12-01T02:00:00Z");
    static final Violation BAD_ID = new Violation("idNumber", "idNumber.checksum", Violation.Severity.ERROR,
            "校验位不正确", "wrong check digit");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    UnionPaths unions;

    ImportJobProjection projection;
    ImportJobViews jobs;

    @BeforeEach
    void setUp() {
        TestDatabase.emptied("import_job_view", "import_member_row", "union_view");
        jdbc.update("""
                insert into union_view (id, level, name, path, profile, version, registered_at, updated_at)
                values ('g-1', 'GRASSROOTS', 'g-1', '/city/d-1/g-1/', '{}'::jsonb, 0, now(), now())""");
        projection = new ImportJobProjection(jdbc, unions);
        jobs = new ImportJobViews(jdbc);
        handle(() -> projection.on(new ImportStarted("job-1", ImportKind.MEMBERS, "g-1", "会员名单.xlsx", "ab".repeat(32),
                12345), T0, "0100001"));
    }

    void handle(Runnable handler) {
        tx.executeWithoutResult(s -> handler.run());
    }

    @Test
    void a_started_job_is_queued_in_its_unions_place_with_its_uploader_and_the_events_time() {
        ImportJobViews.Job job = jobs.find("job-1").orElseThrow();
        assertThat(job.state()).isEqualTo("QUEUED");
        assertThat(job.unionPath()).isEqualTo("/city/d-1/g-1/");
        assertThat(job.uploader()).isEqualTo("0100001");
        assertThat(job.startedAt()).isEqualTo(T0);
        assertThat(job.sizeBytes()).isEqualTo(12345);
        assertThat(jobs.pathOf("job-1")).contains("/city/d-1/g-1/");
        assertThat(jobs.pathOf("job-2")).isEmpty();
    }

    @Test
    void chunks_add_their_counts_and_keep_the_members_their_rows_became_and_the_job_ends_with_its_totals() {
        handle(() -> projection.on(new ImportRowsProcessed("job-1", 5, 4, 1, 1, 1, List.of(
                new ImportedRow(2, RowResult.ACCEPTED, "m-1", List.of()),
                new ImportedRow(3, RowResult.REJECTED, null, List.of(BAD_ID)),
                new ImportedRow(4, RowResult.DUPLICATE, "m-0", List.of())))));
        ImportJobViews.Job running = jobs.find("job-1").orElseThrow();
        assertThat(running.state()).isEqualTo("RUNNING");
        assertThat(List.of(running.total(), running.processed(), running.accepted(), running.rejected(),
                running.duplicates())).containsExactly(5, 3, 1, 1, 1);

        handle(() -> projection.on(new ImportRowsProcessed("job-1", 5, 6, 2, 0, 0, List.of(
                new ImportedRow(5, RowResult.ACCEPTED, "m-2", List.of()),
                new ImportedRow(6, RowResult.ACCEPTED, "m-3", List.of())))));
        assertThat(jobs.find("job-1").orElseThrow().processed()).isEqualTo(5);
        assertThat(jobs.membersShown("job-1")).containsExactly("m-1", "m-0", "m-2", "m-3");

        handle(() -> projection.on(new ImportCompleted("job-1", 5, 3, 1, 1, 900), T0.plusSeconds(2)));
        ImportJobViews.Job done = jobs.find("job-1").orElseThrow();
        assertThat(done.state()).isEqualTo("DONE");
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(2));
        assertThat(List.of(done.processed(), done.accepted(), done.rejected(), done.duplicates()))
                .containsExactly(5, 3, 1, 1);
    }

    @Test
    void a_failed_job_keeps_what_was_committed_and_its_reason() {
        handle(() -> projection.on(new ImportFailed("job-1", "interrupted", 200, 150, 30, 20, 5000),
                T0.plusSeconds(9)));
        ImportJobViews.Job failed = jobs.find("job-1").orElseThrow();
        assertThat(failed.state()).isEqualTo("FAILED");
        assertThat(failed.failureReason()).isEqualTo("interrupted");
        assertThat(List.of(failed.processed(), failed.accepted(), failed.rejected(), failed.duplicates()))
                .containsExactly(200, 150, 30, 20);
    }

    @Test
    void a_union_import_records_no_members_and_a_repeated_chunk_records_each_row_once() {
        handle(() -> projection.on(new ImportStarted("job-u", ImportKind.UNIONS, "g-1", "附件2.xlsx", "cd".repeat(32), 1),
                T0.plusSeconds(1), "reviewer.a"));
        handle(() -> projection.on(new ImportRowsProcessed("job-u", 1, 2, 1, 0, 0,
                List.of(new ImportedRow(2, RowResult.ACCEPTED, "g-9", List.of())))));
        assertThat(jobs.membersShown("job-u")).isEmpty();

        ImportRowsProcessed chunk = new ImportRowsProcessed("job-1", 1, 2, 1, 0, 0,
                List.of(new ImportedRow(2, RowResult.ACCEPTED, "m-1", List.of())));
        handle(() -> projection.on(chunk));
        handle(() -> projection.on(chunk));
        assertThat(jobs.membersShown("job-1")).containsExactly("m-1");
    }

    @Test
    void a_unions_jobs_list_newest_first_a_page_at_a_time() {
        handle(() -> projection.on(new ImportStarted("job-2", ImportKind.MEMBERS, "g-1", "b.xlsx", "ef".repeat(32), 1),
                T0.plusSeconds(60), "0100001"));
        handle(() -> projection.on(new ImportStarted("job-3", ImportKind.MEMBERS, "g-1", "c.xlsx", "ef".repeat(32), 1),
                T0.plusSeconds(120), "0100001"));
        assertThat(jobs.ofUnion("g-1", 0, 2).stream().map(ImportJobViews.Job::jobId)).containsExactly("job-3", "job-2");
        assertThat(jobs.ofUnion("g-1", 1, 2).stream().map(ImportJobViews.Job::jobId)).containsExactly("job-1");
        assertThat(jobs.countOfUnion("g-1")).isEqualTo(3);
        assertThat(jobs.ofUnion("g-2", 0, 2)).isEmpty();
    }
}
