package cn.unioncard.registry.command.member;

import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportMetadata;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RegisterImportedMembers;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.member.MemberFormValidator;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.ResultMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.command.member.MemberFixtureTest.ADMIN;
import static cn.unioncard.registry.command.member.MemberFixtureTest.CLOCK;
import static cn.unioncard.registry.command.member.MemberFixtureTest.CODE_B1;
import static cn.unioncard.registry.command.member.MemberFixtureTest.DISTRICT_A;
import static cn.unioncard.registry.command.member.MemberFixtureTest.G_A1;
import static cn.unioncard.registry.command.member.MemberFixtureTest.G_B1;
import static cn.unioncard.registry.command.member.MemberFixtureTest.OP_A1;
import static cn.unioncard.registry.command.member.MemberFixtureTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The per-row decisions of an import's chunk through the real {@link MemberImportCommandHandler}, union
 * tree and lookup on PostgreSQL, with Axon's event-sourcing repository in memory. The expected
 * outcome of each row is written out by hand from the rules, row by row.
 */
class MemberImportTest {

    static final String SAME = MemberFixtureTest.OTHER_ID;
    static final String DIFFERENT = MemberFixtureTest.THIRD_ID;
    static final String ELSEWHERE = ResidentIds.VALID_ID;

    MemberFixtureTest lookups = new MemberFixtureTest();
    EmbeddedEventStore store;
    MemberImportCommandHandler handler;
    List<String> keyed = new ArrayList<>();

    @BeforeEach
    void setUp() {
        lookups.setUp();
        store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        EventSourcingRepository<Member> members = EventSourcingRepository.builder(Member.class).eventStore(store)
                .build();
        handler = new MemberImportCommandHandler(members, lookups.index, lookups.tree, keyed::addAll, CLOCK);
        given("m-same", G_A1, SAME, "2024-01-02");
        given("m-different", G_A1, DIFFERENT, "2024-05-20");
        given("m-elsewhere", G_B1, ELSEWHERE, "2024-05-20");
    }

    /** A member registered before, from the shared form (filled on {@code filledOn}), with its lookup row. */
    void given(String memberId, String unionId, String idNumber, String filledOn) {
        lookups.index.add(memberId, unionId, idNumber);
        MemberFormValidator.Checked checked = MemberFormValidator.check(
                MemberData.form("林晓梅", idNumber, "13900000001").with(f -> f.filledOn = filledOn).build(),
                MemberFixtureTest.TODAY);
        store.publish(new GenericDomainEventMessage<>("Member", memberId, 0, new MemberRegistered(memberId, unionId,
                checked.details(), false, List.of())));
    }

    static RegisterImportedMembers.Row row(int row, String memberId, MemberData.Form form) {
        return new RegisterImportedMembers.Row(row, memberId, form.build());
    }

    List<ImportedRow> send(RegisterImportedMembers command, Map<String, ?> actor) throws Exception {
        CommandMessage<?> message = org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage(command)
                .andMetaData(actor);
        DefaultUnitOfWork<CommandMessage<?>> uow = DefaultUnitOfWork.startAndGet(message);
        uow.registerCorrelationDataProvider(new SimpleCorrelationDataProvider(AuditMetadata.KEYS));
        ResultMessage<List<ImportedRow>> result = uow.executeWithResult(() ->
                handler.handle(command, message.getMetaData()));
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
        return result.getPayload();
    }

    @Test
    void each_row_is_decided_by_the_typed_rules_and_only_accepted_rows_become_members() throws Exception {
        String fresh = ResidentIds.of("350203", LocalDate.of(1992, 7, 23), 106);
        String wrongCheckDigit = fresh.substring(0, 17) + (fresh.charAt(17) == '1' ? '2' : '1');
        List<ImportedRow> out = send(new RegisterImportedMembers("job-1", G_A1, List.of(
                row(2, "m-2", MemberData.form("陈一", fresh, "13900000002")),
                row(3, "m-3", MemberData.form("陈二", wrongCheckDigit, "13900000003")),
                row(4, "m-4", MemberData.form("陈三", fresh, "13900000004")),
                row(5, "m-5", MemberData.form("林晓梅", SAME, "13900000001")),
                row(6, "m-6", MemberData.form("林晓梅", DIFFERENT, "13900000009")),
                row(7, "m-7", MemberData.form("林晓梅", ELSEWHERE, "13900000001")),
                row(8, "m-8", MemberData.form("陈四", ResidentIds.of("110101", LocalDate.of(1975, 1, 1), 2), "13900000008")
                        .with(f -> f.unionJoin = "2001-01")))), OP_A1);

        assertThat(out).extracting(ImportedRow::row, ImportedRow::result, ImportedRow::entityId).containsExactly(
                tuple(2, RowResult.ACCEPTED, "m-2"),
                tuple(3, RowResult.REJECTED, null),
                tuple(4, RowResult.DUPLICATE, null),
                tuple(5, RowResult.DUPLICATE, "m-same"),
                tuple(6, RowResult.REJECTED, null),
                tuple(7, RowResult.REJECTED, null),
                tuple(8, RowResult.ACCEPTED, "m-8"));
        assertThat(out.get(1).problems()).extracting(Violation::field).containsExactly("idNumber");
        assertThat(out.get(2).problems()).extracting(Violation::zh).containsExactly("与第 2 行证件号码相同");
        assertThat(out.get(3).problems()).extracting(Violation::zh)
                .containsExactly("该证件号码已是本工会在册会员，信息相同，未重复导入");
        assertThat(out.get(4).problems()).extracting(Violation::zh)
                .containsExactly("该证件号码已是本工会在册会员（信息不同）：请在会员页更正");
        // the operator does not see the other district's union: it is not named
        assertThat(out.get(5).problems()).extracting(Violation::zh).containsExactly("该证件号码已是其他工会的在册会员");
        // a warning of the form is accepted as the typed path accepts it, and reported
        assertThat(out.get(6).problems()).extracting(Violation::field, Violation::isError)
                .containsExactly(tuple("unionJoin", false));
        assertThat(out.get(0).problems()).isEmpty();

        assertThat(keyed).containsExactly("m-2", "m-8");
        for (String[] accepted : new String[][] {{"m-2", "2"}, {"m-8", "8"}}) {
            List<? extends DomainEventMessage<?>> events = store.readEvents(accepted[0]).asStream().toList();
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.getPayload()).isInstanceOf(MemberRegistered.class);
                assertThat(e.getMetaData()).containsEntry(ImportMetadata.JOB, "job-1")
                        .containsEntry(ImportMetadata.ROW, accepted[1])
                        .containsEntry(AuditMetadata.USER, OP_A1.get(AuditMetadata.USER));
            });
        }
        for (String refused : List.of("m-3", "m-4", "m-5", "m-6", "m-7")) {
            assertThat(store.readEvents(refused).asStream()).isEmpty();
            assertThat(lookups.index.find(refused)).isEmpty();
        }
        assertThat(lookups.index.find("m-2")).contains(new MembershipIndex.Entry("m-2", G_A1, true));
    }

    @Test
    void even_an_uploader_who_sees_the_other_union_gets_a_report_that_does_not_name_it() throws Exception {
        // the report is read by everyone who sees this union, its operator too
        List<ImportedRow> out = send(new RegisterImportedMembers("job-2", G_A1, List.of(
                row(2, "m-2", MemberData.form("林晓梅", ELSEWHERE, "13900000001")))), ADMIN);
        assertThat(out).singleElement().extracting(r -> r.problems().get(0).zh())
                .isEqualTo("该证件号码已是其他工会的在册会员");
    }

    @Test
    void a_chunk_for_a_union_out_of_scope_or_not_grassroots_or_without_the_permission_is_refused_whole() {
        List<RegisterImportedMembers.Row> rows = List.of(row(2, "m-2", MemberData.form()));
        assertThatThrownBy(() -> send(new RegisterImportedMembers("j", G_B1, rows), OP_A1))
                .isInstanceOf(RegistryProblem.class);
        assertThatThrownBy(() -> send(new RegisterImportedMembers("j", DISTRICT_A, rows), ADMIN))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> send(new RegisterImportedMembers("j", G_A1, rows), as(Role.AUDITOR,
                MemberFixtureTest.CITY))).isInstanceOf(RegistryProblem.class);
        assertThat(lookups.index.find("m-2")).isEmpty();
        assertThat(keyed).isEmpty();
    }
}
