package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RecordImportProgress;
import cn.unioncard.registry.events.imports.RegisterImportedMembers;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.member.MemberForm;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The runner's work on one job without the spreadsheet reader or the batch handler: a tiny test
 * reader (cell 0 a name, cell 2 an ID number, "?" a cell it cannot read) and a fake batch handler that
 * accepts every row. Chunks, rows settled before the handler, duplicates across the file, and resuming
 * from the committed row.
 */
class JobRunTest {

    static final Actor OPERATOR = new Actor("0100001", Role.UNION_OPERATOR, "g-1", "127.0.0.1", "corr", null);

    final List<RegisterImportedMembers> batches = new ArrayList<>();
    final List<RecordImportProgress> progress = new ArrayList<>();
    final List<CommandMessage<?>> messages = new ArrayList<>();
    final int[] commits = new int[1];
    final int[] rollbacks = new int[1];
    DefaultCommandGateway gateway;
    TransactionTemplate transactions;
    boolean failBatches;

    @BeforeEach
    void setUp() {
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(RegisterImportedMembers.class.getName(), m -> {
            messages.add(m);
            RegisterImportedMembers c = (RegisterImportedMembers) m.getPayload();
            if (failBatches) {
                throw new IllegalStateException("database gone");
            }
            batches.add(c);
            return c.rows().stream().map(r -> new ImportedRow(r.row(), RowResult.ACCEPTED, r.memberId(), List.of()))
                    .toList();
        });
        bus.subscribe(RecordImportProgress.class.getName(), m -> {
            messages.add(m);
            progress.add((RecordImportProgress) m.getPayload());
            return null;
        });
        gateway = DefaultCommandGateway.builder().commandBus(bus).build();
        transactions = new TransactionTemplate(new AbstractPlatformTransactionManager() {
            @Override
            protected Object doGetTransaction() {
                return new Object();
            }

            @Override
            protected void doBegin(Object transaction, TransactionDefinition definition) {
            }

            @Override
            protected void doCommit(DefaultTransactionStatus status) {
                commits[0]++;
            }

            @Override
            protected void doRollback(DefaultTransactionStatus status) {
                rollbacks[0]++;
            }
        });
    }

    static ReadRow<MemberForm> read(SheetRow row) {
        String name = row.cells().get(0).shown();
        String id = row.cells().get(2).shown();
        List<Violation> problems = "?".equals(id)
                ? List.of(Violation.error("idNumber", "cell.unreadable", "无法读取", "unreadable")) : List.of();
        return new ReadRow<>(row, new MemberForm(name, null, problems.isEmpty() ? id : null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                problems);
    }

    static final JobRun.Readers TEST_READER = new JobRun.Readers(JobRunTest::read, r -> {
        throw new AssertionError("no unions here");
    });

    /** Sheet rows 2.. with these ID numbers. */
    static JobRun.Rows sheet(String... ids) {
        return new JobRun.Rows() {
            @Override
            public int expectedRows() {
                return ids.length;
            }

            @Override
            public void forEachRow(int afterRow, Consumer<SheetRow> action) {
                for (int i = 0; i < ids.length; i++) {
                    int row = i + 2;
                    if (row > afterRow) {
                        SheetRow.Cell name = new SheetRow.Cell(SheetRow.Cell.Kind.TEXT, "n" + row, "n" + row);
                        SheetRow.Cell id = new SheetRow.Cell(SheetRow.Cell.Kind.TEXT, ids[i], ids[i]);
                        action.accept(new SheetRow(row, Arrays.asList(name, null, id)));
                    }
                }
            }
        };
    }

    void run(int throughRow, int chunk, JobRun.Rows rows) {
        new JobRun(new ImportJobs.Unfinished("job-1", ImportKind.MEMBERS, "g-1", OPERATOR, throughRow), TEST_READER,
                gateway, transactions, chunk, java.time.Clock.systemUTC()).process(rows);
    }

    static List<Integer> rows(List<ImportedRow> rows) {
        return rows.stream().map(ImportedRow::row).toList();
    }

    @Test
    void rowsGoInChunksEachWithItsProgressInOneTransactionActingForTheUploader() {
        run(0, 2, sheet("A1", "A2", "A3", "A4", "A5"));

        assertThat(batches).extracting(b -> b.rows().stream().map(RegisterImportedMembers.Row::row).toList())
                .containsExactly(List.of(2, 3), List.of(4, 5), List.of(6));
        assertThat(progress).extracting(RecordImportProgress::throughRow).containsExactly(3, 5, 6);
        assertThat(progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(5));
        assertThat(progress.get(2).rows()).singleElement().satisfies(r -> assertThat(r.result()).isEqualTo(RowResult.ACCEPTED));
        assertThat(commits[0]).isEqualTo(3);
        assertThat(messages).allSatisfy(m -> assertThat(AuditMetadata.from(m.getMetaData())).isEqualTo(OPERATOR));
        assertThat(batches.get(0).rows().get(0).memberId()).isNotEqualTo(batches.get(0).rows().get(1).memberId());
    }

    @Test
    void unreadableRowsAndRepeatedIdNumbersAreSettledBeforeTheHandlerAndRecordedInRowOrder() {
        run(0, 10, sheet("110105194912310021", "?", " １１０１０５１９４９１２３１００２１ ", "B", "b"));

        assertThat(batches).singleElement().satisfies(b ->
                assertThat(b.rows()).extracting(RegisterImportedMembers.Row::row).containsExactly(2, 5));
        List<ImportedRow> recorded = progress.get(0).rows();
        assertThat(rows(recorded)).containsExactly(2, 3, 4, 5, 6);
        assertThat(recorded.get(1).result()).isEqualTo(RowResult.REJECTED);
        assertThat(recorded.get(1).problems().get(0).code()).as("the cell's own problem first")
                .isEqualTo("cell.unreadable");
        assertThat(recorded.get(1).problems()).extracting(Violation::field)
                .as("and every other field the form's checks refuse, the unreadable one not again")
                .contains("mobile", "employerName").containsOnlyOnce("idNumber");
        assertThat(recorded.get(2).result()).isEqualTo(RowResult.DUPLICATE);
        assertThat(recorded.get(2).problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("idNumber");
            assertThat(p.zh()).isEqualTo("与第 2 行证件号码相同");
            assertThat(p.en()).isEqualTo("same ID number as row 2");
        });
        assertThat(recorded.get(4).problems().get(0).zh()).isEqualTo("与第 5 行证件号码相同");
    }

    @Test
    void eachCommittedChunkHandsOnItsSheetRowsAndTheirOutcomesInRowOrder() {
        List<List<Integer>> sheetRows = new ArrayList<>();
        List<List<Integer>> outcomeRows = new ArrayList<>();
        new JobRun(new ImportJobs.Unfinished("job-1", ImportKind.MEMBERS, "g-1", OPERATOR, 0), TEST_READER,
                gateway, transactions, 2, java.time.Clock.systemUTC())
                .afterEachChunk((rows, outcomes) -> {
                    sheetRows.add(rows.stream().map(SheetRow::row).toList());
                    outcomeRows.add(rows(outcomes));
                })
                .process(sheet("A1", "?", "A1", "A4", "A5"));

        assertThat(sheetRows).containsExactly(List.of(2, 3), List.of(4, 5), List.of(6));
        assertThat(outcomeRows).isEqualTo(sheetRows);
        assertThat(commits[0]).as("handed on after each commit").isEqualTo(3);
    }

    @Test
    void aResumedJobSendsOnlyRowsAfterTheCommittedOneAndStillKnowsTheEarlierIdNumbers() {
        run(4, 10, sheet("A1", "?", "A3", "A4", "A1", "A3"));

        assertThat(batches).singleElement().satisfies(b ->
                assertThat(b.rows()).extracting(RegisterImportedMembers.Row::row).containsExactly(5));
        List<ImportedRow> recorded = progress.get(0).rows();
        assertThat(rows(recorded)).containsExactly(5, 6, 7);
        assertThat(recorded.get(1).problems().get(0).zh()).isEqualTo("与第 2 行证件号码相同");
        assertThat(recorded.get(2).problems().get(0).zh()).isEqualTo("与第 4 行证件号码相同");
        assertThat(progress.get(0).throughRow()).isEqualTo(7);
    }

    @Test
    void aJobResumedAfterItsLastChunkRecordsNothingMore() {
        run(4, 10, sheet("A1", "A2", "A3"));

        assertThat(batches).isEmpty();
        assertThat(progress).isEmpty();
    }

    @Test
    void aChunkWhoseBatchFailsRecordsNoProgressAndRollsBack() {
        failBatches = true;
        assertThatThrownBy(() -> run(0, 2, sheet("A1", "A2", "A3"))).isInstanceOf(IllegalStateException.class);

        assertThat(progress).isEmpty();
        assertThat(rollbacks[0]).isEqualTo(1);
        assertThat(commits[0]).isZero();
    }
}
