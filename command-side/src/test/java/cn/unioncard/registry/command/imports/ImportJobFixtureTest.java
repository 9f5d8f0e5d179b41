package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.CompleteImport;
import cn.unioncard.registry.events.imports.FailImport;
import cn.unioncard.registry.events.imports.ImportCompleted;
import cn.unioncard.registry.events.imports.ImportFailed;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RecordImportProgress;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.imports.StartImport;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The import job's life: queued, running chunk by chunk, done or failed for good; who may start one
 * where; and the job table the runner resumes from, on a real PostgreSQL.
 */
class ImportJobFixtureTest {

    static final Instant START = Instant.parse("2026-11-27T02:00:00Z");
    static final Clock NINETY_SECONDS_LATER = Clock.fixed(START.plusSeconds(90), ZoneId.of("Asia/Shanghai"));
    static final String CITY = "city-1";
    static final String DISTRICT = "district-a";
    static final String OTHER_DISTRICT = "district-b";
    static final String GRASSROOTS = "g-1";
    static final String JOB = "job-1";
    static final String SHA = "ab".repeat(32);
    static final String STORE = "store-1";

    AggregateTestFixture<ImportJob> fixture;
    JdbcTemplate jdbc;
    ImportJobs table;
    List<Object> published;

    @BeforeEach
    void setUp() {
        jdbc = Lookups.emptied();
        jdbc.update("delete from import_job");
        UnionTree tree = new UnionTree(jdbc);
        tree.add(CITY, null, UnionLevel.CITY);
        tree.add(DISTRICT, CITY, UnionLevel.DISTRICT);
        tree.add(OTHER_DISTRICT, CITY, UnionLevel.DISTRICT);
        tree.add(GRASSROOTS, DISTRICT, UnionLevel.GRASSROOTS);
        table = new ImportJobs(jdbc);
        published = new ArrayList<>();
        fixture = new AggregateTestFixture<>(ImportJob.class);
        fixture.registerAnnotatedCommandHandler(new ImportJobCommandHandler(fixture.getRepository(), table, tree,
                published::add, NINETY_SECONDS_LATER));
    }

    static Map<String, String> as(Role role, String organisation) {
        return AuditMetadata.of(new Actor("user-" + role.name().toLowerCase(), role, organisation, "127.0.0.1",
                "corr-1", null));
    }

    static StartImport start(ImportKind kind, String unionId) {
        return new StartImport(JOB, kind, unionId, "会员.xlsx", SHA, 1234, STORE);
    }

    static ImportStarted started() {
        return new ImportStarted(JOB, ImportKind.MEMBERS, GRASSROOTS, "会员.xlsx", SHA, 1234);
    }

    static ImportedRow accepted(int row) {
        return new ImportedRow(row, RowResult.ACCEPTED, "m-" + row, List.of());
    }

    static ImportedRow rejected(int row) {
        return new ImportedRow(row, RowResult.REJECTED, null,
                List.of(Violation.error("mobile", "format", "手机号码格式不正确", "bad mobile")));
    }

    static ImportedRow duplicate(int row) {
        return new ImportedRow(row, RowResult.DUPLICATE, null, List.of());
    }

    @Test
    void anOperatorQueuesAMemberImportWhichTheRunnerCanFindWithTheUploadersActor() {
        fixture.givenNoPriorActivity()
                .when(start(ImportKind.MEMBERS, GRASSROOTS), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(started())
                .expectResultMessagePayload(JOB);
        List<ImportJobs.Unfinished> unfinished = table.unfinished(STORE);
        assertThat(unfinished).hasSize(1);
        assertThat(unfinished.get(0).actor().username()).isEqualTo("user-union_operator");
        assertThat(unfinished.get(0).actor().organisationId()).isEqualTo(GRASSROOTS);
        assertThat(unfinished.get(0).throughRow()).isZero();
        assertThat(published).containsExactly(new ImportQueued(JOB));
        assertThat(table.unfinished("another-instances-store")).as("run only where its upload is").isEmpty();
    }

    @Test
    void aReviewerOfAnotherDistrictDoesNotSeeTheUnionAtAll() {
        fixture.givenNoPriorActivity()
                .when(start(ImportKind.MEMBERS, GRASSROOTS), as(Role.DISTRICT_REVIEWER, OTHER_DISTRICT))
                .expectNoEvents()
                .expectExceptionMessage(RegistryProblem.notFound("union").getMessage());
        assertThat(table.unfinished(STORE)).isEmpty();
    }

    @Test
    void anOperatorMayNotImportUnions() {
        fixture.givenNoPriorActivity()
                .when(start(ImportKind.UNIONS, GRASSROOTS), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectNoEvents()
                .expectException(RegistryProblem.class)
                .expectExceptionMessage(RegistryProblem.forbidden("您的角色不能导入基层工会",
                        "your role cannot import grassroots unions").getMessage());
    }

    @Test
    void membersAreImportedIntoGrassrootsUnionsOnlyAndUnionsIntoDistrictsOnly() {
        fixture.givenNoPriorActivity()
                .when(start(ImportKind.MEMBERS, DISTRICT), as(Role.DISTRICT_REVIEWER, DISTRICT))
                .expectNoEvents()
                .expectException(InvalidInputException.class);
        fixture.givenNoPriorActivity()
                .when(start(ImportKind.UNIONS, GRASSROOTS), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(InvalidInputException.class);
        fixture.givenNoPriorActivity()
                .when(start(ImportKind.UNIONS, DISTRICT), as(Role.DISTRICT_REVIEWER, DISTRICT))
                .expectEvents(new ImportStarted(JOB, ImportKind.UNIONS, DISTRICT, "会员.xlsx", SHA, 1234));
    }

    @Test
    void aChunkMovesTheJobToRunningWithThatChunksCounts() {
        table.queued(JOB, ImportKind.MEMBERS, GRASSROOTS, AuditMetadata.from(as(Role.UNION_OPERATOR, GRASSROOTS)), START, STORE);
        fixture.given(started())
                .when(new RecordImportProgress(JOB, 10, 6, List.of(accepted(2), rejected(3), duplicate(5), accepted(6))),
                        as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectEvents(new ImportRowsProcessed(JOB, 10, 6, 2, 1, 1,
                        List.of(accepted(2), rejected(3), duplicate(5), accepted(6))));
        assertThat(table.unfinished(STORE)).singleElement().satisfies(j -> assertThat(j.throughRow()).isEqualTo(6));
        assertThat(jdbc.queryForObject("select state from import_job", String.class)).isEqualTo("RUNNING");
    }

    @Test
    void rowsAlreadyRecordedAreRefusedSoAResumedRunnerCannotCountThemTwice() {
        fixture.given(started(), new ImportRowsProcessed(JOB, 10, 6, 1, 0, 0, List.of(accepted(6))))
                .when(new RecordImportProgress(JOB, 10, 8, List.of(accepted(6), accepted(7))),
                        as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
        fixture.given(started(), new ImportRowsProcessed(JOB, 10, 6, 1, 0, 0, List.of(accepted(6))))
                .when(new RecordImportProgress(JOB, 10, 6, List.of()), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
    }

    @Test
    void completionTotalsTheRowsOfEveryChunkNotTheExpectedCountAndTheTimeSinceTheJobWasQueued() {
        table.queued(JOB, ImportKind.MEMBERS, GRASSROOTS, AuditMetadata.from(as(Role.UNION_OPERATOR, GRASSROOTS)), START, STORE);
        fixture.givenCurrentTime(START)
                .andGiven(started(),
                        // 7 expected from the sheet's dimension (hint and example rows in it), 5 data rows in fact
                        new ImportRowsProcessed(JOB, 7, 4, 2, 1, 0, List.of(accepted(2), rejected(3), accepted(4))),
                        new ImportRowsProcessed(JOB, 7, 6, 1, 0, 1, List.of(duplicate(5), accepted(6))))
                .when(new CompleteImport(JOB), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectEvents(new ImportCompleted(JOB, 5, 3, 1, 1, 90_000));
        assertThat(table.unfinished(STORE)).isEmpty();
        assertThat(jdbc.queryForObject("select state from import_job", String.class)).isEqualTo("DONE");
    }

    @Test
    void aFailedJobReportsWhatWasCommittedAndTakesNoMoreProgress() {
        fixture.givenCurrentTime(START)
                .andGiven(started(), new ImportRowsProcessed(JOB, 5, 3, 1, 1, 0, List.of(accepted(2), rejected(3))))
                .when(new FailImport(JOB, "upload-missing"), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectEvents(new ImportFailed(JOB, "upload-missing", 2, 1, 1, 0, 90_000));
        fixture.given(started(), new ImportFailed(JOB, "upload-missing", 0, 0, 0, 0, 5))
                .when(new RecordImportProgress(JOB, 5, 3, List.of(accepted(2))), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
        fixture.given(started(), new ImportCompleted(JOB, 0, 0, 0, 0, 5))
                .when(new FailImport(JOB, "internal-error"), as(Role.UNION_OPERATOR, GRASSROOTS))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
    }

    @Test
    void aJobCommandWithoutAnActorIsRefused() {
        fixture.given(started())
                .when(new CompleteImport(JOB))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
    }
}
