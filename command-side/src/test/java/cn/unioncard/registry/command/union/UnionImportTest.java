package cn.unioncard.registry.command.union;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportMetadata;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RegisterImportedUnions;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionFormValidator;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.command.union.UnionFixtureTest.CITY;
import static cn.unioncard.registry.command.union.UnionFixtureTest.CLOCK;
import static cn.unioncard.registry.command.union.UnionFixtureTest.DISTRICT_A;
import static cn.unioncard.registry.command.union.UnionFixtureTest.DISTRICT_B;
import static cn.unioncard.registry.command.union.UnionFixtureTest.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The per-row decisions of a union import's chunk through the real {@link UnionImportCommandHandler} and
 * union tree on PostgreSQL, with Axon's event-sourcing repository in memory and the operator accounts
 * recorded as sent. The expected outcome of each row is written out by hand from the rules.
 */
class UnionImportTest {

    static final String OLD_CREDIT = "91440300708461136T";
    static final Map<String, ?> REVIEWER_A = as(Role.DISTRICT_REVIEWER, DISTRICT_A);

    UnionTree tree;
    EmbeddedEventStore store;
    UnionImportCommandHandler handler;
    List<CreateUserAccount> accounts = new ArrayList<>();

    @BeforeEach
    void setUp() {
        tree = new UnionTree(Lookups.emptied());
        tree.add(CITY, null, UnionLevel.CITY);
        tree.add(DISTRICT_A, CITY, UnionLevel.DISTRICT);
        tree.add(DISTRICT_B, CITY, UnionLevel.DISTRICT);
        store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        SimpleCommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(CreateUserAccount.class.getName(), m -> {
            accounts.add((CreateUserAccount) m.getPayload());
            return null;
        });
        handler = new UnionImportCommandHandler(EventSourcingRepository.builder(Union.class).eventStore(store).build(),
                tree, DefaultCommandGateway.builder().commandBus(bus).build(), CLOCK);
        given("g-old", DISTRICT_A, form("厦门旧船厂工会委员会", OLD_CREDIT));
        given("g-b", DISTRICT_B, form("厦门乙公司工会委员会", null));
    }

    /** A union registered before, typed: its lookup row and its events. */
    void given(String unionId, String parentId, UnionForm form) {
        String code = tree.add(unionId, parentId, UnionLevel.GRASSROOTS);
        UnionFormValidator.Checked checked = UnionFormValidator.check(form, UnionLevel.GRASSROOTS,
                UnionFixtureTest.TODAY);
        store.publish(new GenericDomainEventMessage<>("Union", unionId, 0, new UnionRegistered(unionId, parentId,
                        UnionLevel.GRASSROOTS, checked.profile(), List.of())),
                new GenericDomainEventMessage<>("Union", unionId, 1, new UnionSystemCodeAssigned(unionId, code)));
    }

    /** The fixture's full grassroots form under district A, with this name and employer credit code. */
    static UnionForm form(String name, String employerCreditCode) {
        return new UnionForm(DISTRICT_A, UnionLevel.GRASSROOTS, name, "厦门某某科技有限公司", "MA2Y8Q4B-1",
                employerCreditCode, null, null, null, "07", "厦门市思明区软件园二期", "4", "2010-05", true, "张三",
                false, "人事经理", "0592-2661038", 7, 1, 3, 1, 300, 280, 40, 10, "350200123", 290, true, false, "李四",
                "138 1234 5678", LocalDate.of(2026, 11, 20), null);
    }

    List<ImportedRow> send(RegisterImportedUnions command, Map<String, ?> actor) throws Exception {
        CommandMessage<?> message = GenericCommandMessage.asCommandMessage(command).andMetaData(actor);
        DefaultUnitOfWork<CommandMessage<?>> uow = DefaultUnitOfWork.startAndGet(message);
        uow.registerCorrelationDataProvider(new SimpleCorrelationDataProvider(AuditMetadata.KEYS));
        ResultMessage<List<ImportedRow>> result = uow.executeWithResult(() ->
                handler.handle(command, message.getMetaData()));
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
        return result.getPayload();
    }

    List<RegisterImportedUnions.Row> sixRows(String prefix) {
        return List.of(
                new RegisterImportedUnions.Row(2, prefix + "2", form("厦门甲公司工会委员会", null)),
                new RegisterImportedUnions.Row(3, prefix + "3", form("工", null)),
                new RegisterImportedUnions.Row(4, prefix + "4", form(" 厦门甲公司 工会委员会", null)),
                new RegisterImportedUnions.Row(5, prefix + "5", form("厦门旧船厂工会委员会", null)),
                new RegisterImportedUnions.Row(6, prefix + "6", form("厦门新船厂工会委员会", OLD_CREDIT)),
                new RegisterImportedUnions.Row(7, prefix + "7", form("厦门乙公司工会委员会", null)));
    }

    @Test
    void each_row_is_decided_by_the_typed_rules_and_a_union_the_district_has_is_a_duplicate() throws Exception {
        List<ImportedRow> out = send(new RegisterImportedUnions("job-1", DISTRICT_A, sixRows("u-")), REVIEWER_A);

        assertThat(out).extracting(ImportedRow::row, ImportedRow::result, ImportedRow::entityId).containsExactly(
                tuple(2, RowResult.ACCEPTED, "u-2"),
                tuple(3, RowResult.REJECTED, null),
                tuple(4, RowResult.DUPLICATE, "u-2"),
                tuple(5, RowResult.DUPLICATE, "g-old"),
                tuple(6, RowResult.DUPLICATE, "g-old"),
                // the same name in another district is another union
                tuple(7, RowResult.ACCEPTED, "u-7"));
        assertThat(out.get(0).problems()).extracting(Violation::zh).containsExactly(
                "已登记，系统编码 0100002（即操作员登录名）；操作员账号尚无密码，需重置密码后方可登录");
        assertThat(out.get(1).problems()).extracting(Violation::field, Violation::isError)
                .containsExactly(tuple("name", true));
        assertThat(out.get(2).problems()).extracting(Violation::field, Violation::zh)
                .containsExactly(tuple("name", "与第 2 行工会名称相同，未重复导入"));
        assertThat(out.get(3).problems()).extracting(Violation::field, Violation::zh)
                .containsExactly(tuple("name", "本区已登记工会名称相同的基层工会（系统编码 0100001），未重复导入"));
        assertThat(out.get(4).problems()).extracting(Violation::field, Violation::en).containsExactly(tuple(
                "employerCreditCode", "a grassroots union with the same unified social credit code is already "
                        + "registered in this district (system code 0100001); not imported again"));

        assertThat(tree.find("u-2")).map(UnionTree.Node::systemCode).contains("0100002");
        assertThat(tree.find("u-7")).map(UnionTree.Node::systemCode).contains("0100003");
        for (String refused : List.of("u-3", "u-4", "u-5", "u-6")) {
            assertThat(tree.find(refused)).isEmpty();
            assertThat(store.readEvents(refused).asStream()).isEmpty();
        }
        List<? extends DomainEventMessage<?>> events = store.readEvents("u-7").asStream().toList();
        assertThat(events).extracting(e -> (Object) e.getPayload().getClass()).containsExactly(UnionRegistered.class,
                UnionSystemCodeAssigned.class);
        assertThat(events).allSatisfy(e -> assertThat(e.getMetaData()).containsEntry(ImportMetadata.JOB, "job-1")
                .containsEntry(ImportMetadata.ROW, "7")
                .containsEntry(AuditMetadata.USER, REVIEWER_A.get(AuditMetadata.USER)));
        assertThat(((UnionRegistered) events.get(0).getPayload()).parentId()).isEqualTo(DISTRICT_A);

        assertThat(accounts).extracting(CreateUserAccount::username, CreateUserAccount::organisationId,
                CreateUserAccount::role, CreateUserAccount::passwordHash, CreateUserAccount::passwordChangeRequired)
                .containsExactly(
                        tuple("0100002", "u-2", Role.UNION_OPERATOR, UnionImportCommandHandler.NO_PASSWORD, true),
                        tuple("0100003", "u-7", Role.UNION_OPERATOR, UnionImportCommandHandler.NO_PASSWORD, true));
    }

    @Test
    void the_same_rows_imported_again_register_nobody() throws Exception {
        send(new RegisterImportedUnions("job-1", DISTRICT_A, sixRows("u-")), REVIEWER_A);
        accounts.clear();

        List<ImportedRow> again = send(new RegisterImportedUnions("job-2", DISTRICT_A, sixRows("v-")),
                as(Role.CITY_ADMIN, CITY));

        assertThat(again).extracting(ImportedRow::result, ImportedRow::entityId).containsExactly(
                tuple(RowResult.DUPLICATE, "u-2"), tuple(RowResult.REJECTED, null), tuple(RowResult.DUPLICATE, "u-2"),
                tuple(RowResult.DUPLICATE, "g-old"), tuple(RowResult.DUPLICATE, "g-old"),
                tuple(RowResult.DUPLICATE, "u-7"));
        assertThat(tree.children(DISTRICT_A)).extracting(UnionTree.Node::unionId)
                .containsExactlyInAnyOrder("g-old", "u-2", "u-7");
        assertThat(accounts).isEmpty();
    }

    @Test
    void a_chunk_out_of_scope_or_not_for_a_district_or_without_the_permission_is_refused_whole() {
        List<RegisterImportedUnions.Row> rows = List.of(new RegisterImportedUnions.Row(2, "u-2",
                form("厦门甲公司工会委员会", null)));
        assertThatThrownBy(() -> send(new RegisterImportedUnions("j", DISTRICT_A, rows),
                as(Role.DISTRICT_REVIEWER, DISTRICT_B)))
                .isInstanceOfSatisfying(RegistryProblem.class,
                        p -> assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.NOT_FOUND));
        assertThatThrownBy(() -> send(new RegisterImportedUnions("j", DISTRICT_A, rows),
                as(Role.UNION_OPERATOR, DISTRICT_A)))
                .isInstanceOfSatisfying(RegistryProblem.class,
                        p -> assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.FORBIDDEN));
        assertThatThrownBy(() -> send(new RegisterImportedUnions("j", "g-old", rows), as(Role.CITY_ADMIN, CITY)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(tree.find("u-2")).isEmpty();
        assertThat(accounts).isEmpty();
    }
}
