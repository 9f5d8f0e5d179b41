package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportCompleted;
import cn.unioncard.registry.events.imports.ImportFailed;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.imports.StartImport;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One import job: QUEUED, RUNNING while chunks are recorded, then DONE or FAILED for good. It guards
 * that progress only moves forward, so a chunk recorded twice (a resumed runner) is refused.
 */
@Aggregate
class ImportJob {

    enum State { QUEUED, RUNNING, DONE, FAILED }

    @AggregateIdentifier
    private String jobId;
    private State state;
    private int total;
    private int throughRow;
    private int processed;
    private int accepted;
    private int rejected;
    private int duplicates;
    private Instant startedAt;

    ImportJob() {
        // for Axon's event sourcing
    }

    ImportJob(StartImport c) {
        apply(new ImportStarted(c.jobId(), c.kind(), c.unionId(), c.fileName(), c.fileSha256(), c.sizeBytes()));
    }

    void record(int fileTotal, int newThroughRow, List<ImportedRow> rows) {
        requireOpen();
        if (newThroughRow <= throughRow
                || rows.stream().anyMatch(r -> r.row() <= throughRow || r.row() > newThroughRow)) {
            throw RegistryProblem.conflict("导入进度不能倒退，这些行已经处理过",
                    "import progress cannot go backwards: these rows were processed already");
        }
        apply(new ImportRowsProcessed(jobId, fileTotal, newThroughRow, count(rows, RowResult.ACCEPTED),
                count(rows, RowResult.REJECTED), count(rows, RowResult.DUPLICATE), rows));
    }

    void complete(Instant now) {
        requireOpen();
        // Every data row has been processed: that is the total (the one expected while running may be an estimate).
        apply(new ImportCompleted(jobId, processed, accepted, rejected, duplicates, since(now)));
    }

    void fail(String reasonCode, Instant now) {
        requireOpen();
        apply(new ImportFailed(jobId, reasonCode, processed, accepted, rejected, duplicates, since(now)));
    }

    State state() {
        return state;
    }

    private void requireOpen() {
        if (state == State.DONE || state == State.FAILED) {
            throw RegistryProblem.conflict("该导入任务已结束", "this import job has finished");
        }
    }

    private long since(Instant now) {
        return Math.max(0, Duration.between(startedAt, now).toMillis());
    }

    private static int count(List<ImportedRow> rows, RowResult result) {
        return (int) rows.stream().filter(r -> r.result() == result).count();
    }

    @EventSourcingHandler
    void on(ImportStarted event, @Timestamp Instant at) {
        jobId = event.jobId();
        state = State.QUEUED;
        startedAt = at;
    }

    @EventSourcingHandler
    void on(ImportRowsProcessed event) {
        state = State.RUNNING;
        total = event.total();
        throughRow = event.throughRow();
        processed += event.rows().size();
        accepted += event.accepted();
        rejected += event.rejected();
        duplicates += event.duplicates();
    }

    @EventSourcingHandler
    void on(ImportCompleted event) {
        state = State.DONE;
    }

    @EventSourcingHandler
    void on(ImportFailed event) {
        state = State.FAILED;
    }
}
