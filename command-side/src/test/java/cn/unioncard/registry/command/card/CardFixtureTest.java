package cn.unioncard.registry.command.card;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.batch.TestBatches;
import cn.unioncard.registry.command.member.IdNumberIndexKey;
import cn.unioncard.registry.command.member.MemberFacts;
import cn.unioncard.registry.command.member.TestMembers;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.card.ActivateCard;
import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CancelCard;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancellationReason;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChangeReason;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.ChangeCardNumber;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.card.IssuanceOutcome;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.card.IssueCard;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.card.RecordCardHandedOut;
import cn.unioncard.registry.events.card.RecordCardsHandedOut;
import cn.unioncard.registry.events.card.RecordIssuanceRun;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.WithdrawMember;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.testing.Reference;
import cn.unioncard.registry.testing.TestDatabase;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.commandhandling.AnnotationCommandHandlerAdapter;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every transition and refusal of a card through the real {@link CardCommandHandler}: the union tree,
 * the member, batch and card lookups on a real PostgreSQL, each command in its own unit of work and
 * database transaction (a refused command rolls its lookup rows back), the cards' events in an event
 * store of their own. Valid card numbers come from the independent Luhn oracle ({@link Reference#luhn}).
 */
class CardFixtureTest {

    static final String CITY = "city-1";
    static final String DISTRICT_A = "district-a";
    static final String DISTRICT_B = "district-b";
    static final String G_A1 = "g-a1";
    static final String G_B1 = "g-b1";
    static final Map<String, ?> BANK = as(Role.BANK_OPERATOR, CITY);
    static final Map<String, ?> ADMIN = as(Role.CITY_ADMIN, CITY);
    static final Map<String, ?> OP_A1 = as(Role.UNION_OPERATOR, G_A1);
    static final Map<String, ?> OP_B1 = as(Role.UNION_OPERATOR, G_B1);
    static final Map<String, ?> AUDITOR = as(Role.AUDITOR, CITY);

    final Clock clock = Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    final LocalDate today = LocalDate.now(clock);
    final List<Object> events = new ArrayList<>();
    JdbcTemplate jdbc;
    TestMembers members;
    CommandGateway gateway;

    @BeforeEach
    void setUp() {
        jdbc = Lookups.emptied();
        jdbc.execute("truncate membership_lookup, card_number_index, card_holder cascade");
        UnionTree tree = new UnionTree(jdbc);
        tree.add(CITY, null, UnionLevel.CITY);
        tree.add(DISTRICT_A, CITY, UnionLevel.DISTRICT);
        tree.add(DISTRICT_B, CITY, UnionLevel.DISTRICT);
        tree.add(G_A1, DISTRICT_A, UnionLevel.GRASSROOTS);
        tree.add(G_B1, DISTRICT_B, UnionLevel.GRASSROOTS);
        members = new TestMembers(jdbc);
        members.ready("m-1", G_A1);
        members.register("m-2", G_A1, "2");
        members.ready("m-3", G_A1);
        members.ready("m-4", G_B1);
        TestBatches batches = new TestBatches(jdbc);
        batches.approved("b-1", G_A1, true, "m-1", "m-2", "m-3");
        batches.approved("b-0", G_A1, false);
        batches.approved("b-9", G_B1, true, "m-4");

        EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        store.subscribe(list -> list.forEach(e -> events.add(((EventMessage<?>) e).getPayload())));
        EventSourcingRepository<Card> cards = EventSourcingRepository.builder(Card.class).eventStore(store).build();
        EventSourcingRepository<IssuanceRun> runs = EventSourcingRepository.builder(IssuanceRun.class)
                .eventStore(store).build();
        MemberFacts facts = members.facts();
        CardLookups lookups = new CardLookups(jdbc, new IdNumberIndexKey(new byte[32]));
        IssuanceGate gate = new IssuanceGate(batches.facts(), tree, clock);
        CardIssuance issuance = new CardIssuance(cards, lookups, batches.facts(), members.holders(clock), facts);
        SimpleCommandBus bus = SimpleCommandBus.builder().transactionManager(
                new SpringTransactionManager(new DataSourceTransactionManager(TestDatabase.dataSource()))).build();
        new AnnotationCommandHandlerAdapter<>(new CardCommandHandler(cards, runs, gate, issuance, lookups, facts, tree,
                clock)).subscribe(bus);
        new AnnotationCommandHandlerAdapter<>(members.commandHandler(tree, clock,
                List.of(new CardMemberFollowUp(cards, lookups, clock)))).subscribe(bus);
        gateway = DefaultCommandGateway.builder().commandBus(bus).build();
    }

    static Map<String, ?> as(Role role, String organisation) {
        return AuditMetadata.of(new Actor(role.name().toLowerCase() + "@" + organisation, role, organisation,
                "127.0.0.1", "corr-1", null));
    }

    <R> R send(Object command, Map<String, ?> actor) {
        return gateway.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(actor));
    }

    Throwable refused(Object command, Map<String, ?> actor) {
        int before = events.size();
        Throwable t = catchThrowable(() -> send(command, actor));
        assertThat(t).as("refused").isNotNull();
        assertThat(events).as("a refusal records nothing").hasSize(before);
        return t;
    }

    /** A valid 16- or 19-digit number: a random payload and the check digit the oracle accepts. */
    static String number() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder payload = new StringBuilder("6222");
        int length = r.nextBoolean() ? 16 : 19;
        while (payload.length() < length - 1) {
            payload.append(r.nextInt(10));
        }
        for (char d = '0'; d <= '9'; d++) {
            if (Reference.luhn(payload.toString() + d)) {
                return payload.toString() + d;
            }
        }
        throw new AssertionError("no check digit");
    }

    IssueCard row(String memberId, String number, String cardType) {
        MemberDetails d = members.details(memberId);
        return new IssueCard("b-1", "run-1", 2, d.idNumber(), d.name(), number, cardType, "工行中山路支行", today);
    }

    IssuanceResult issue(IssueCard row) {
        return send(row, BANK);
    }

    String issued(String memberId) {
        IssuanceResult r = issue(row(memberId, number(), null));
        assertThat(r.outcome()).isEqualTo(IssuanceOutcome.ISSUED);
        return r.cardId();
    }

    String holderState(String memberId) {
        return jdbc.queryForObject("select state from card_holder where member_id = ?", String.class, memberId);
    }

    <T> List<T> of(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static void problem(Throwable t, RegistryProblem.Kind kind, String zhPart) {
        assertThat(t).isInstanceOf(RegistryProblem.class);
        assertThat(((RegistryProblem) t).kind()).isEqualTo(kind);
        assertThat(((RegistryProblem) t).zh()).contains(zhPart);
    }

    static void invalid(Throwable t, String... fieldsAndCodes) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < fieldsAndCodes.length; i += 2) {
            expected.add(fieldsAndCodes[i] + " " + fieldsAndCodes[i + 1]);
        }
        assertThat(t).isInstanceOf(InvalidInputException.class);
        assertThat(((InvalidInputException) t).violations()).extracting(v -> v.field() + " " + v.code())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    // === issuance ==================================================================================

    @Test
    void a_row_of_a_batch_member_issues_a_card_with_its_number_sealed_in_the_event() {
        String number = number();
        MemberDetails d = members.details("m-1");
        // grouped, full width and with the ID number in lower case: the bank's spelling is normalised
        String typed = " " + number.substring(0, 4) + " " + number.substring(4);
        IssuanceResult r = issue(new IssueCard("b-1", "run-1", 2, d.idNumber().toLowerCase(), " " + d.name() + " ",
                typed, "1", "工行中山路支行", today));

        assertThat(r.outcome()).isEqualTo(IssuanceOutcome.ISSUED);
        assertThat(r.memberId()).isEqualTo("m-1");
        assertThat(of(CardIssued.class)).containsExactly(new CardIssued(r.cardId(), "m-1", G_A1, "b-1", "run-1",
                number, CardType.DEBIT, "工行中山路支行", today));
        assertThat(holderState("m-1")).isEqualTo("ISSUED");
        assertThat(jdbc.queryForObject("select count(*) from card_number_index", Integer.class)).isEqualTo(1);
    }

    @Test
    void a_debit_credit_applicant_issued_a_debit_card_has_the_qualification_declined() {
        IssuanceResult r = issue(row("m-2", number(), "借记卡"));
        assertThat(r.outcome()).isEqualTo(IssuanceOutcome.ISSUED);
        assertThat(of(QualificationDeclined.class)).containsExactly(new QualificationDeclined(r.cardId(), "m-2", "b-1"));
        assertThat(issue(row("m-3", number(), "2")).outcome()).isEqualTo(IssuanceOutcome.CARD_TYPE_NOT_APPLIED);
        assertThat(of(CardIssued.class)).hasSize(1);
    }

    @Test
    void each_bad_row_answers_its_outcome_and_changes_nothing() {
        String good = number();
        String badDigit = good.substring(0, good.length() - 1) + (char) ('0' + (good.charAt(good.length() - 1) - '0' + 1) % 10);
        MemberDetails stranger = members.details("m-4");
        MemberDetails m1 = members.details("m-1");
        assertThat(issue(row("m-1", "", null)).outcome()).isEqualTo(IssuanceOutcome.MISSING_FIELDS);
        assertThat(issue(row("m-1", "6222 0000 1234", null)).outcome()).isEqualTo(IssuanceOutcome.BAD_CARD_NUMBER);
        assertThat(issue(row("m-1", badDigit, null)).outcome()).isEqualTo(IssuanceOutcome.BAD_CHECK_DIGIT);
        assertThat(issue(row("m-1", good, "3")).outcome()).isEqualTo(IssuanceOutcome.BAD_CARD_TYPE);
        assertThat(issue(new IssueCard("b-1", "run-1", 2, stranger.idNumber(), stranger.name(), good, null, "网点",
                today)).outcome()).isEqualTo(IssuanceOutcome.NOT_IN_BATCH);
        IssuanceResult wrongName = issue(new IssueCard("b-1", "run-1", 2, m1.idNumber(), m1.name() + "某", good, null,
                "网点", today));
        assertThat(wrongName.outcome()).isEqualTo(IssuanceOutcome.NAME_MISMATCH);
        assertThat(wrongName.memberId()).isEqualTo("m-1");
        assertThat(events).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from card_number_index", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from card_holder", Integer.class)).isZero();
        // the number none of them used is still free
        assertThat(issue(row("m-1", good, null)).outcome()).isEqualTo(IssuanceOutcome.ISSUED);
    }

    @Test
    void any_single_wrong_digit_of_a_valid_number_is_caught_by_the_check_digit() {
        String valid = number();
        for (int i = 0; i < valid.length(); i++) {
            char d = valid.charAt(i);
            String typo = valid.substring(0, i) + (char) ('0' + (d - '0' + 1 + ThreadLocalRandom.current().nextInt(9)) % 10)
                    + valid.substring(i + 1);
            assertThat(Reference.luhn(typo)).as("the oracle agrees").isFalse();
            assertThat(issue(row("m-1", typo, null)).outcome()).as(typo).isEqualTo(IssuanceOutcome.BAD_CHECK_DIGIT);
        }
        assertThat(issue(row("m-1", valid, null)).outcome()).isEqualTo(IssuanceOutcome.ISSUED);
    }

    @Test
    void a_withdrawn_member_of_the_batch_gets_no_card() {
        send(new WithdrawMember("m-3", "退休"), OP_A1);
        IssuanceResult r = issue(row("m-3", number(), null));
        assertThat(r.outcome()).isEqualTo(IssuanceOutcome.MEMBER_NOT_ACTIVE);
        assertThat(r.memberId()).isEqualTo("m-3");
    }

    @Test
    void a_number_is_never_used_twice_and_a_member_holds_one_live_card() {
        String number = number();
        assertThat(issue(row("m-1", number, null)).outcome()).isEqualTo(IssuanceOutcome.ISSUED);
        assertThat(issue(row("m-2", number, null)).outcome()).isEqualTo(IssuanceOutcome.NUMBER_TAKEN);
        assertThat(issue(row("m-1", number(), null)).outcome()).isEqualTo(IssuanceOutcome.ALREADY_HOLDS_CARD);
        assertThat(of(CardIssued.class)).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from card_holder", Integer.class)).isEqualTo(1);
    }

    @Test
    void a_cancelled_cards_number_stays_refused_while_its_holder_may_get_a_new_card() {
        String number = number();
        issue(row("m-1", number, null));
        send(new CancelCard("m-1", CardCancellationReason.CARD_CLOSED, today), OP_A1);
        assertThat(holderState("m-1")).isEqualTo("CANCELLED");

        assertThat(issue(row("m-1", number, null)).outcome()).isEqualTo(IssuanceOutcome.NUMBER_TAKEN);
        assertThat(issue(row("m-2", number, null)).outcome()).isEqualTo(IssuanceOutcome.NUMBER_TAKEN);
        IssuanceResult again = issue(row("m-1", number(), null));
        assertThat(again.outcome()).isEqualTo(IssuanceOutcome.ISSUED);
        assertThat(holderState("m-1")).isEqualTo("ISSUED");
        assertThat(jdbc.queryForObject("select card_id from card_holder where member_id = 'm-1'", String.class))
                .isEqualTo(again.cardId());
    }

    @Test
    void a_number_change_keeps_both_numbers_in_the_history_and_neither_can_be_used_again() {
        String first = number();
        String second = number();
        String cardId = issue(row("m-1", first, null)).cardId();
        CardCommandHandler.Changed c = send(new ChangeCardNumber("m-1", second, CardNumberChangeReason.LOST, today), OP_A1);

        assertThat(c.state()).isEqualTo(CardState.ISSUED);
        assertThat(of(CardNumberChanged.class)).containsExactly(new CardNumberChanged(cardId, "m-1", first, second,
                CardNumberChangeReason.LOST, today, "union_operator@" + G_A1));
        assertThat(issue(row("m-2", first, null)).outcome()).isEqualTo(IssuanceOutcome.NUMBER_TAKEN);
        assertThat(issue(row("m-2", second, null)).outcome()).isEqualTo(IssuanceOutcome.NUMBER_TAKEN);
        problem(refused(new ChangeCardNumber("m-1", first, CardNumberChangeReason.DAMAGED, today), OP_A1),
                RegistryProblem.Kind.CONFLICT, "卡号");
        // a later change starts from the current number
        String third = number();
        send(new ChangeCardNumber("m-1", third, CardNumberChangeReason.EXPIRED, today), OP_A1);
        assertThat(of(CardNumberChanged.class).get(1).oldNumber()).isEqualTo(second);
        invalid(refused(new ChangeCardNumber("m-1", "6222", null, null), OP_A1),
                "newCardNumber", "card-number.format", "reason", "required", "reportedOn", "required");
    }

    @Test
    void an_erased_holder_keeps_the_card_but_gets_no_new_number_and_the_old_one_stays_taken() {
        String number = number();
        issue(row("m-1", number, null));
        members.erase("m-1", G_A1);
        problem(refused(new ChangeCardNumber("m-1", number(), CardNumberChangeReason.LOST, today), OP_A1),
                RegistryProblem.Kind.CONFLICT, "已删除");
        assertThat(issue(row("m-2", number, null)).outcome()).isEqualTo(IssuanceOutcome.NUMBER_TAKEN);
        CardCommandHandler.Changed c = send(new CancelCard("m-1", CardCancellationReason.MEMBER_LEFT, today), OP_A1);
        assertThat(c.state()).isEqualTo(CardState.CANCELLED);
    }

    @Test
    void the_bank_return_is_refused_as_a_whole_outside_the_scope_without_the_role_or_before_the_hand_over() {
        problem(refused(row("m-1", number(), null), OP_B1), RegistryProblem.Kind.NOT_FOUND, "批次");
        problem(refused(row("m-1", number(), null), OP_A1), RegistryProblem.Kind.FORBIDDEN, "发卡");
        problem(refused(new IssueCard("b-0", "run-1", 2, "x", "y", number(), null, "网点", today), BANK),
                RegistryProblem.Kind.CONFLICT, "已审核通过，尚未交付银行");
        invalid(refused(new IssueCard("b-1", "run-1", 2, "x", "y", number(), null, " ", today.plusDays(1)), ADMIN),
                "branch", "required", "issuedOn", "date.future");
        problem(refused(new RecordIssuanceRun("run-1", "b-9", "json", List.of()), OP_A1), RegistryProblem.Kind.NOT_FOUND,
                "批次");
    }

    @Test
    void a_run_records_every_rows_outcome_and_the_counts_under_the_batches_union() {
        List<IssuanceResult> rows = List.of(new IssuanceResult(2, "m-1", "c-1", IssuanceOutcome.ISSUED),
                new IssuanceResult(3, null, null, IssuanceOutcome.NOT_IN_BATCH));
        send(new RecordIssuanceRun("run-1", "b-1", "xlsx", rows), BANK);
        assertThat(of(CardIssuanceRecorded.class)).containsExactly(
                new CardIssuanceRecorded("run-1", "b-1", G_A1, "xlsx", rows, 1, 1));
    }

    // === hand-out, activation, cancellation ========================================================

    @Test
    void a_card_is_handed_out_then_activated_and_its_cover_starts_on_the_activation() {
        String cardId = issued("m-1");
        CardCommandHandler.Changed out = send(new RecordCardHandedOut("m-1", today, true), OP_A1);
        assertThat(out).isEqualTo(new CardCommandHandler.Changed(cardId, CardState.HANDED_OUT, null));
        assertThat(holderState("m-1")).isEqualTo("HANDED_OUT");
        CardCommandHandler.Changed on = send(new ActivateCard("m-1", ActivationChannel.BANK_ON_SITE, "工行中山路支行",
                today), BANK);
        assertThat(on).isEqualTo(new CardCommandHandler.Changed(cardId, CardState.ACTIVATED, today));
        assertThat(of(CardHandedOut.class)).containsExactly(new CardHandedOut(cardId, "m-1", today, "union_operator@" + G_A1));
        assertThat(of(CardActivated.class)).containsExactly(new CardActivated(cardId, "m-1",
                ActivationChannel.BANK_ON_SITE, "工行中山路支行", today, today, "bank_operator@" + CITY));
        assertThat(holderState("m-1")).isEqualTo("ACTIVATED");
    }

    @Test
    void a_step_out_of_order_is_refused_naming_the_cards_state() {
        issued("m-1");
        problem(refused(new ActivateCard("m-1", ActivationChannel.IN_PERSON_AT_BRANCH, "网点一", today), BANK),
                RegistryProblem.Kind.CONFLICT, CardState.ISSUED.zh());
        send(new RecordCardHandedOut("m-1", today, true), OP_A1);
        problem(refused(new RecordCardHandedOut("m-1", today, true), OP_A1), RegistryProblem.Kind.CONFLICT,
                CardState.HANDED_OUT.zh());
        send(new CancelCard("m-1", CardCancellationReason.MEMBER_LEFT, today), OP_A1);
        problem(refused(new CancelCard("m-1", CardCancellationReason.MEMBER_LEFT, today), OP_A1),
                RegistryProblem.Kind.CONFLICT, CardState.CANCELLED.zh());
        problem(refused(new ChangeCardNumber("m-1", number(), CardNumberChangeReason.LOST, today), OP_A1),
                RegistryProblem.Kind.CONFLICT, CardState.CANCELLED.zh());
    }

    @Test
    void dates_in_the_future_or_before_the_previous_step_and_an_unsigned_hand_out_are_refused() {
        send(new IssueCard("b-1", "run-1", 2, members.details("m-1").idNumber(), members.details("m-1").name(),
                number(), null, "网点", today.minusDays(3)), BANK);
        invalid(refused(new RecordCardHandedOut("m-1", today.minusDays(4), true), OP_A1),
                "handedOutOn", "date.before-previous-step");
        invalid(refused(new RecordCardHandedOut("m-1", today.plusDays(1), false), OP_A1),
                "handedOutOn", "date.future", "signed", "card.not-signed");
        send(new RecordCardHandedOut("m-1", today.minusDays(1), true), OP_A1);
        invalid(refused(new ActivateCard("m-1", null, "", today.minusDays(2)), BANK),
                "channel", "required", "branch", "required");
        invalid(refused(new ActivateCard("m-1", ActivationChannel.BANK_ON_SITE, "网点一", today.minusDays(2)), BANK),
                "activatedOn", "date.before-previous-step");
    }

    @Test
    void a_member_without_a_card_answers_not_found_and_scope_and_role_come_first() {
        problem(refused(new RecordCardHandedOut("m-1", today, true), OP_A1), RegistryProblem.Kind.NOT_FOUND, "工会卡");
        issued("m-1");
        problem(refused(new RecordCardHandedOut("m-1", today, true), OP_B1), RegistryProblem.Kind.NOT_FOUND, "会员");
        problem(refused(new RecordCardHandedOut("m-1", today, true), AUDITOR), RegistryProblem.Kind.FORBIDDEN, "发放");
        problem(refused(new ActivateCard("m-1", ActivationChannel.BANK_ON_SITE, "网点一", today), ADMIN),
                RegistryProblem.Kind.FORBIDDEN, "启用");
    }

    @Test
    void cancelling_an_activated_card_ends_its_cover_that_day_and_an_unactivated_one_has_none_to_end() {
        issued("m-1");
        send(new RecordCardHandedOut("m-1", today, true), OP_A1);
        send(new ActivateCard("m-1", ActivationChannel.IN_PERSON_AT_BRANCH, "网点一", today), OP_A1);
        send(new CancelCard("m-1", CardCancellationReason.CARD_CLOSED, today), BANK);
        issued("m-2");
        send(new CancelCard("m-2", CardCancellationReason.MEMBER_LEFT, today), OP_A1);
        assertThat(of(CardCancelled.class)).extracting(CardCancelled::memberId, CardCancelled::coverEndsOn)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("m-1", today),
                        org.assertj.core.groups.Tuple.tuple("m-2", null));
    }

    @Test
    void a_withdrawal_ends_the_cover_of_an_activated_card_and_leaves_other_cards_alone() {
        String cardId = issued("m-1");
        send(new RecordCardHandedOut("m-1", today, true), OP_A1);
        send(new ActivateCard("m-1", ActivationChannel.IN_PERSON_AT_BRANCH, "网点一", today), OP_A1);
        issued("m-2");
        send(new WithdrawMember("m-1", "调离"), OP_A1);
        send(new WithdrawMember("m-2", "调离"), OP_A1);
        assertThat(of(InsuranceCoverEnded.class)).containsExactly(new InsuranceCoverEnded(cardId, "m-1", today));
        assertThat(holderState("m-1")).isEqualTo("ACTIVATED");
    }

    @Test
    void a_withdrawn_members_card_is_neither_handed_out_nor_activated_so_no_cover_starts_after_the_withdrawal() {
        issued("m-1");
        issued("m-2");
        send(new RecordCardHandedOut("m-2", today, true), OP_A1);
        send(new WithdrawMember("m-1", "调离"), OP_A1);
        send(new WithdrawMember("m-2", "调离"), OP_A1);
        problem(refused(new RecordCardHandedOut("m-1", today, true), OP_A1), RegistryProblem.Kind.CONFLICT, "离会");
        problem(refused(new ActivateCard("m-2", ActivationChannel.IN_PERSON_AT_BRANCH, "网点一", today), BANK),
                RegistryProblem.Kind.CONFLICT, "离会");
        invalid(refused(new RecordCardsHandedOut("b-1", List.of("m-1"), today, true), OP_A1),
                "memberIds[m-1]", "card.member-not-active");
        assertThat(of(CardActivated.class)).isEmpty();
        assertThat(holderState("m-1")).isEqualTo("ISSUED");
        assertThat(holderState("m-2")).isEqualTo("HANDED_OUT");
    }

    @Test
    void a_batchs_hand_outs_are_recorded_all_or_none_naming_every_refused_member() {
        issued("m-1");
        issued("m-2");
        send(new RecordCardHandedOut("m-2", today, true), OP_A1);
        invalid(refused(new RecordCardsHandedOut("b-1", List.of("m-1", "m-2", "m-3"), today, true), OP_A1),
                "memberIds[m-2]", "card.state", "memberIds[m-3]", "card.not-in-batch");
        assertThat(holderState("m-1")).isEqualTo("ISSUED");
        issued("m-3");
        int done = send(new RecordCardsHandedOut("b-1", List.of("m-1", "m-3"), today, true), OP_A1);
        assertThat(done).isEqualTo(2);
        assertThat(of(CardHandedOut.class)).extracting(CardHandedOut::memberId).containsExactly("m-2", "m-1", "m-3");
        problem(refused(new RecordCardsHandedOut("b-1", List.of("m-1"), today, true), OP_B1),
                RegistryProblem.Kind.NOT_FOUND, "批次");
        invalid(refused(new RecordCardsHandedOut("b-1", List.of(), today, false), OP_A1),
                "memberIds", "required", "signed", "card.not-signed");
    }
}
