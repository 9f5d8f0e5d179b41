package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RecordImportProgress;
import cn.unioncard.registry.events.imports.RegisterImportedMembers;
import cn.unioncard.registry.events.imports.RegisterImportedUnions;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.member.MemberForm;
import cn.unioncard.registry.events.member.MemberFormValidator;
import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionFormValidator;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One job's rows after its committed row, a chunk at a time: rows whose cells cannot be read and
 * rows repeating an earlier ID number are settled here; the rest go to the batch handler. Each chunk's
 * registrations and its progress are one transaction, so a crash loses a whole chunk or nothing.
 */
final class JobRun {

    /** How sheet rows become forms: the reader's {@link MemberRows} and {@link UnionRows}, or a test's own. */
    record Readers(Function<SheetRow, ReadRow<MemberForm>> members, Function<SheetRow, ReadRow<UnionForm>> unions) {
        static final Readers SHEET = new Readers(MemberRows::read, UnionRows::read);
    }

    /** The rows of an opened file: {@link ImportSheet}'s two methods. */
    interface Rows {
        /** The data rows to expect, for progress; may be an estimate above the true count. */
        int expectedRows();

        void forEachRow(int afterRow, Consumer<SheetRow> action);
    }

    private final ImportJobs.Unfinished job;
    private final Readers readers;
    private final CommandGateway commands;
    private final TransactionTemplate transactions;
    private final int chunkSize;
    private final java.time.Clock clock;
    private final Map<String, String> actor;
    private final FileDuplicates duplicates = new FileDuplicates();
    private final List<ImportedRow> settled = new ArrayList<>();
    private final List<RegisterImportedMembers.Row> members = new ArrayList<>();
    private final List<RegisterImportedUnions.Row> unions = new ArrayList<>();
    private final List<SheetRow> chunkRows = new ArrayList<>();
    private java.util.function.BiConsumer<List<SheetRow>, List<ImportedRow>> afterEachChunk = (rows, outcomes) -> { };
    private int total;
    private int seen;
    private int lastRow;
    private int committedThrough;

    JobRun(ImportJobs.Unfinished job, Readers readers, CommandGateway commands, TransactionTemplate transactions,
           int chunkSize, java.time.Clock clock) {
        this.job = job;
        this.clock = clock;
        this.readers = readers;
        this.commands = commands;
        this.transactions = transactions;
        this.chunkSize = chunkSize;
        this.actor = AuditMetadata.of(job.actor());
        this.lastRow = job.throughRow();
        this.committedThrough = job.throughRow();
    }

    /** Hands each committed chunk's sheet rows and their outcomes, both in row order, to {@code listener}. */
    JobRun afterEachChunk(java.util.function.BiConsumer<List<SheetRow>, List<ImportedRow>> listener) {
        this.afterEachChunk = listener;
        return this;
    }

    /** Processes every row not yet committed, reading the committed ones again for the duplicate set. */
    void process(Rows sheet) {
        total = sheet.expectedRows();
        sheet.forEachRow(0, row -> {
            seen++;
            if (row.row() <= job.throughRow()) {
                remember(row);
            } else {
                take(row);
            }
        });
        flush();
    }

    private void remember(SheetRow row) {
        if (job.kind() == ImportKind.MEMBERS) {
            ReadRow<MemberForm> read = readers.members().apply(row);
            if (read.cellProblems().isEmpty() && read.form() != null) {
                duplicates.check(read.form().idNumber(), row.row());
            }
        }
    }

    private void take(SheetRow row) {
        lastRow = row.row();
        chunkRows.add(row);
        if (job.kind() == ImportKind.MEMBERS) {
            ReadRow<MemberForm> read = readers.members().apply(row);
            if (!settle(read, () -> MemberFormValidator.check(read.form(), LocalDate.now(clock)))) {
                Violation repeated = duplicates.check(read.form().idNumber(), row.row());
                if (repeated != null) {
                    settled.add(new ImportedRow(row.row(), RowResult.DUPLICATE, null, List.of(repeated)));
                } else {
                    members.add(new RegisterImportedMembers.Row(row.row(), UUID.randomUUID().toString(), read.form()));
                }
            }
        } else {
            ReadRow<UnionForm> read = readers.unions().apply(row);
            if (!settle(read, () -> UnionFormValidator.check(UnionForms.under(read.form(), job.unionId()),
                    UnionLevel.GRASSROOTS, LocalDate.now(clock)))) {
                unions.add(new RegisterImportedUnions.Row(row.row(), UUID.randomUUID().toString(),
                        UnionForms.under(read.form(), job.unionId())));
            }
        }
        if (settled.size() + members.size() + unions.size() >= chunkSize) {
            flush();
        }
    }

    /**
     * A row whose cells could not be read is rejected with their problems and every other the form's
     * checks find (the clerk fixes them all in one go); answers whether it was.
     */
    private boolean settle(ReadRow<?> read, Runnable formChecks) {
        if (read.readable()) {
            return false;
        }
        List<Violation> others = List.of();
        try {
            formChecks.run();
        } catch (InvalidInputException e) {
            others = e.violations();
        }
        settled.add(new ImportedRow(read.row(), RowResult.REJECTED, null, read.problems(others)));
        return true;
    }

    private void flush() {
        if (lastRow <= committedThrough) {
            return;
        }
        if (Thread.currentThread().isInterrupted()) {
            // The registry is stopping: what is committed stays, the rest resumes at the next start.
            throw new java.util.concurrent.CancellationException("import runner stopping");
        }
        int through = lastRow;
        List<ImportedRow> rows = new ArrayList<>(settled);
        transactions.executeWithoutResult(status -> {
            if (!members.isEmpty()) {
                rows.addAll(send(new RegisterImportedMembers(job.jobId(), job.unionId(), List.copyOf(members))));
            }
            if (!unions.isEmpty()) {
                rows.addAll(send(new RegisterImportedUnions(job.jobId(), job.unionId(), List.copyOf(unions))));
            }
            rows.sort(Comparator.comparingInt(ImportedRow::row));
            send(new RecordImportProgress(job.jobId(), Math.max(total, seen), through, rows));
        });
        committedThrough = through;
        afterEachChunk.accept(List.copyOf(chunkRows), List.copyOf(rows));
        chunkRows.clear();
        settled.clear();
        members.clear();
        unions.clear();
    }

    private <R> R send(Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(actor));
    }
}
