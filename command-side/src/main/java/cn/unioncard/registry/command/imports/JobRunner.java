package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.CompleteImport;
import cn.unioncard.registry.events.imports.FailImport;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.problem.RegistryProblem;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.transaction.support.TransactionTemplate;

import cn.unioncard.registry.events.imports.ImportedRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes one job from its committed row to DONE: the rows, then the report, then completion. A job
 * whose upload is gone or cannot be read any more is FAILED with what was committed.
 */
final class JobRunner {

    private final ImportJobs.Unfinished job;
    private final ImportFiles files;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final EventStore events;
    private final int chunkSize;
    private final Clock clock;
    private java.util.List<ImportFollowUp> followUps = List.of();
    private long maxUploadBytes = Long.MAX_VALUE;

    JobRunner(ImportJobs.Unfinished job, ImportFiles files, CommandGateway commands, TransactionTemplate transactions,
              EventStore events, int chunkSize, Clock clock) {
        this.job = job;
        this.files = files;
        this.commands = commands;
        this.transactions = transactions;
        this.events = events;
        this.chunkSize = chunkSize;
        this.clock = clock;
    }

    /** What runs once the job is done (an offline report's batch), and the most bytes a .das upload is read to. */
    JobRunner followedBy(List<ImportFollowUp> followUps, long maxUploadBytes) {
        this.followUps = followUps;
        this.maxUploadBytes = maxUploadBytes;
        return this;
    }

    void run() {
        Opened upload;
        try {
            upload = open();
        } catch (IOException | RegistryProblem | cn.unioncard.registry.events.validation.InvalidInputException unreadable) {
            fail(commands, job, files.exists(job.jobId(), ImportFiles.Part.UPLOAD) ? "upload-unreadable"
                    : "upload-missing");
            return;
        }
        try (upload; ImportReport report = new ImportReport(job.kind())) {
            JobRun.Rows sheet = upload.rows();
            // A fresh job writes its report as its chunks commit; a resumed one reads the file again for it.
            boolean fresh = job.throughRow() == 0;
            JobRun run = new JobRun(job, JobRun.Readers.SHEET, commands, transactions, chunkSize, clock);
            if (fresh) {
                run.afterEachChunk((rows, outcomes) -> report(report, rows, outcomes));
            }
            run.process(sheet);
            writeReport(report, fresh ? null : sheet);
        } catch (RegistryProblem p) {
            if (p.kind() != RegistryProblem.Kind.UNREADABLE_FILE) {
                throw p;
            }
            // The file is damaged past its header (checked at upload): what was committed stays.
            fail(commands, job, "upload-unreadable");
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        send(commands, job, new CompleteImport(job.jobId()));
        if (!followUps.isEmpty()) {
            Map<Integer, ImportedRow> rows = JobHistory.read(events, job.jobId()).rows();
            followUps.forEach(f -> f.completed(job.jobId(), rows, job.actor()));
        }
    }

    /** The rows and the stream under them, closed together (the sheet may not own the stream). */
    private record Opened(InputStream in, JobRun.Rows rows, ImportSheet sheet) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try (in) {
                if (sheet != null) {
                    sheet.close();
                }
            }
        }
    }

    /** The stored upload, opened and checked again (it may be gone, or its key lost). */
    private Opened open() throws IOException {
        InputStream in = new java.io.BufferedInputStream(files.open(job.jobId(), ImportFiles.Part.UPLOAD));
        try {
            in.mark(64);
            byte[] head = in.readNBytes(64);
            in.reset();
            if (job.kind() == cn.unioncard.registry.events.imports.ImportKind.MEMBERS && OfflineRows.isDas(head)) {
                return new Opened(in, OfflineRows.read(in, maxUploadBytes), null);
            }
            ImportSheet sheet = ImportSheet.open(in, job.kind());
            return new Opened(in, sheet, sheet);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static void report(ImportReport report, List<SheetRow> rows, List<ImportedRow> outcomes) {
        Map<Integer, ImportedRow> byRow = new HashMap<>();
        outcomes.forEach(o -> byRow.put(o.row(), o));
        rows.forEach(r -> report.row(r, byRow.get(r.row())));
    }

    /** The report's summary, and its rows from {@code sheet} unless they were written as the chunks committed. */
    private void writeReport(ImportReport report, JobRun.Rows sheet) throws IOException {
        JobHistory history = JobHistory.read(events, job.jobId());
        try {
            if (sheet != null) {
                sheet.forEachRow(0, row -> report.row(row, history.rows().get(row.row())));
            }
            report.summary(history.started().fileName(), history.started().fileSha256(), history.rows().size(),
                    history.count(RowResult.ACCEPTED), history.count(RowResult.DUPLICATE),
                    history.count(RowResult.REJECTED), history.startedAt(), clock.instant());
            try (OutputStream out = files.create(job.jobId(), ImportFiles.Part.REPORT)) {
                report.write(out);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    static void fail(CommandGateway commands, ImportJobs.Unfinished job, String reasonCode) {
        send(commands, job, new FailImport(job.jobId(), reasonCode));
    }

    private static void send(CommandGateway commands, ImportJobs.Unfinished job, Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(AuditMetadata.of(job.actor())));
    }
}
