package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.member.MemberFacts;
import cn.unioncard.registry.command.member.TestMembers;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.batch.ApproveBatch;
import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchContent;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.batch.BatchSubmission;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.batch.RecordBatchHandedToBank;
import cn.unioncard.registry.events.batch.RejectBatch;
import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.member.ErasePersonalData;
import cn.unioncard.registry.events.member.WithdrawMember;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.TestExecutor;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every transition and refusal of a batch through the real {@link BatchCommandHandler}: the union
 * tree, the membership lookup and the batch tables on a real PostgreSQL, the members' versions from
 * their own event store ({@link TestMembers}), and the batch's own rules.
 *
 * <p>The fixture runs without a transaction: rows a given step writes stay for the step under test.
 */
class BatchFixtureTest {

    static final String CITY = "city-1";
    static final String DISTRICT_A = "district-a";
    static final String DISTRICT_B = "district-b";
    static final String G_A1 = "g-a1";
    static final String G_A2 = "g-a2";
    static final String G_B1 = "g-b1";

    static final Map<String, ?> OP_A1 = as(Role.UNION_OPERATOR, G_A1);
    static final Map<String, ?> OP_A2 = as(Role.UNION_OPERATOR, G_A2);
    static final Map<String, ?> REVIEWER_A = as(Role.DISTRICT_REVIEWER, DISTRICT_A);
    static final Map<String, ?> REVIEWER_B = as(Role.DISTRICT_REVIEWER, DISTRICT_B);
    static final Map<String, ?> ADMIN = as(Role.CITY_ADMIN, CITY);
    static final Map<String, ?> AUDITOR = as(Role.AUDITOR, CITY);
    static final Map<String, ?> DPO = as(Role.DPO, CITY);

    JdbcTemplate jdbc;
    UnionTree tree;
    TestMembers members;
    MemberFacts facts;
    BatchMembership membership;
    AggregateTestFixture<Batch> fixture;
    Clock clock;
    LocalDate today;

    @BeforeEach
    void setUp() {
        jdbc = Lookups.emptied();
        jdbc.execute("truncate membership_lookup, batch_lookup, batch_membership cascade");
        tree = new UnionTree(jdbc);
        tree.add(CITY, null, UnionLevel.CITY);
        tree.add(DISTRICT_A, CITY, UnionLevel.DISTRICT);
        tree.add(DISTRICT_B, CITY, UnionLevel.DISTRICT);
        tree.add(G_A1, DISTRICT_A, UnionLevel.GRASSROOTS);
        tree.add(G_A2, DISTRICT_A, UnionLevel.GRASSROOTS);
        tree.add(G_B1, DISTRICT_B, UnionLevel.GRASSROOTS);
        members = new TestMembers(jdbc);
        facts = members.facts();
        membership = new BatchMembership(jdbc);
        fixture = new AggregateTestFixture<>(Batch.class);
        // The registry's clock is the fixture's: events are stamped with its time, so "today" agrees.
        clock = Clock.fixed(fixture.currentTime(), ZoneId.of("Asia/Shanghai"));
        today = LocalDate.now(clock);
        fixture.registerAnnotatedCommandHandler(new BatchCommandHandler(fixture.getRepository(),
                new BatchSubmissionRules(facts, membership), membership, new BatchLookup(jdbc), facts, tree, clock));
        fixture.registerAnnotatedCommandHandler(members.commandHandler(tree, clock,
                List.of(new BatchMemberFollowUp(fixture.getRepository(), membership))));
        members.ready("m-1", G_A1);
        members.register("m-2", G_A1, "2");
        members.authorise("m-2");
    }

    static Map<String, ?> as(Role role, String organisation) {
        return AuditMetadata.of(new Actor(role.name().toLowerCase() + "@" + organisation, role, organisation,
                "127.0.0.1", "corr-1", null));
    }

    static CommandMessage<?> sent(Object command, Map<String, ?> actor) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(actor);
    }

    static SubmitBatch submit(String batchId, String unionId, String... memberIds) {
        return new SubmitBatch(batchId, unionId, List.of(memberIds), false, null);
    }

    /** b-1 of G_A1 with m-1 (debit) and m-2 (debit-credit), submitted by the union's own clerk. */
    TestExecutor<Batch> givenSubmitted(Object... more) {
        List<Object> given = new ArrayList<>();
        given.add(sent(submit("b-1", G_A1, "m-1", "m-2"), OP_A1));
        given.addAll(List.of(more));
        return fixture.givenCommands(given);
    }

    static BatchSubmitted submitted(String batchId, String unionId, List<BatchMember> list, String replaces,
                                    Map<String, ?> by, boolean onBehalf) {
        return new BatchSubmitted(batchId, unionId, list, list.size(), BatchContent.hash(unionId, list), replaces,
                AuditMetadata.from(org.axonframework.messaging.MetaData.from(by)).username(), onBehalf);
    }

    static final List<BatchMember> B1 = List.of(new BatchMember("m-1", 1, false), new BatchMember("m-2", 1, true));

    // --- matchers ---------------------------------------------------------------------------------

    static Matcher<Object> satisfying(Consumer<Object> check) {
        return new BaseMatcher<>() {
            private String lastFailure = "";

            @Override
            public boolean matches(Object item) {
                try {
                    check.accept(item);
                    return true;
                } catch (AssertionError | ClassCastException e) {
                    lastFailure = e.getMessage();
                    return false;
                }
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a value passing the test's checks; last failure: " + lastFailure);
            }
        };
    }

    static Matcher<Object> problem(RegistryProblem.Kind kind, String... named) {
        return satisfying(e -> {
            RegistryProblem p = (RegistryProblem) e;
            assertThat(p.kind()).isEqualTo(kind);
            for (String s : named) {
                assertThat(p.zh()).contains(s);
                assertThat(p.en()).contains(s);
            }
        });
    }

    /** An invalid-input problem with exactly these (field, code) violations. */
    static Matcher<Object> invalid(String... fieldsAndCodes) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < fieldsAndCodes.length; i += 2) {
            expected.add(fieldsAndCodes[i] + " " + fieldsAndCodes[i + 1]);
        }
        return satisfying(e -> assertThat(((InvalidInputException) e).violations())
                .extracting(v -> v.field() + " " + v.code()).containsExactlyInAnyOrderElementsOf(expected));
    }

    String holder(String memberId) {
        return membership.holders(List.of(memberId)).get(memberId);
    }

    // === SubmitBatch ===============================================================================

    @Test
    void theUnionsClerkSubmitsAuthorisedMembersWithTheirVersionsAndCardTypes() {
        fixture.givenNoPriorActivity()
                .when(submit("b-1", G_A1, "m-1", "m-2"), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(submitted("b-1", G_A1, B1, null, OP_A1, false))
                .expectResultMessagePayload(new BatchSubmission("b-1", 2, BatchContent.hash(G_A1, B1), 0));
        assertThat(holder("m-1")).isEqualTo("b-1");
        assertThat(holder("m-2")).isEqualTo("b-1");
    }

    @Test
    void theVersionSubmittedIsTheMembersCurrentOne() {
        members.correct("m-1");
        members.correct("m-1");
        List<BatchMember> list = List.of(new BatchMember("m-1", 3, false));
        fixture.givenNoPriorActivity()
                .when(submit("b-1", G_A1, "m-1"), OP_A1)
                .expectEvents(submitted("b-1", G_A1, list, null, OP_A1, false));
        assertThat(members.version("m-1")).isEqualTo(3);
    }

    @Test
    void aReviewerAboveTheUnionSubmitsOnItsBehalf() {
        fixture.givenNoPriorActivity()
                .when(submit("b-1", G_A1, "m-1", "m-2"), REVIEWER_A)
                .expectEvents(submitted("b-1", G_A1, B1, null, REVIEWER_A, true));
    }

    @Test
    void allPendingTakesEveryAuthorisedFreeMemberAndCountsTheUnauthorisedLeftOut() {
        members.register("m-3", G_A1, "1");                     // no authorisation
        members.ready("m-4", G_A1);
        members.ready("m-5", G_A1);
        members.withdraw("m-5", G_A1);                           // not active
        members.ready("m-6", G_A2);                              // another union
        List<BatchMember> list = List.of(new BatchMember("m-2", 1, true), new BatchMember("m-4", 1, false));
        membership.hold("b-0", List.of("m-1")); // another batch (the fixture follows one aggregate)
        fixture.givenNoPriorActivity()
                .when(new SubmitBatch("b-1", G_A1, null, true, null), OP_A1)
                .expectEvents(submitted("b-1", G_A1, list, null, OP_A1, false))
                .expectResultMessagePayload(new BatchSubmission("b-1", 2, BatchContent.hash(G_A1, list), 1));
    }

    @Test
    void allPendingWithNothingPendingIsAnEmptyBatch() {
        fixture.givenCommands(sent(submit("b-0", G_A1, "m-1", "m-2"), OP_A1))
                .when(new SubmitBatch("b-1", G_A1, List.of(), true, null), OP_A1)
                .expectException(invalid("allPending", "batch.empty"));
    }

    @Test
    void everyOffendingMemberIsNamedInOneProblem() {
        members.register("m-unauthorised", G_A1, "1");
        members.ready("m-withdrawn", G_A1);
        members.withdraw("m-withdrawn", G_A1);
        members.ready("m-erased", G_A1);
        members.erase("m-erased", G_A1);
        members.ready("m-elsewhere", G_B1);
        members.ready("m-moved", G_A1);
        members.transfer("m-moved", G_A1, G_A2);
        members.ready("m-held", G_A1);
        fixture.givenCommands(sent(submit("b-0", G_A1, "m-held"), OP_A1))
                .when(submit("b-1", G_A1, "m-1", "m-unauthorised", "m-withdrawn", "m-erased", "m-elsewhere",
                        "m-unknown", "m-moved", "m-held", "m-1"), OP_A1)
                .expectException(invalid(
                        "memberIds[1]", "batch.member-unauthorised",
                        "memberIds[2]", "batch.member-withdrawn",
                        "memberIds[3]", "batch.member-erased",
                        "memberIds[4]", "batch.member-not-in-union",
                        "memberIds[5]", "batch.member-not-in-union",
                        "memberIds[6]", "batch.member-not-in-union",
                        "memberIds[7]", "batch.member-in-batch",
                        "memberIds[8]", "batch.duplicate-member"))
                .expectException(satisfying(e -> {
                    List<Violation> v = ((InvalidInputException) e).violations();
                    assertThat(v.get(6).zh()).contains("b-0");
                    assertThat(v.get(6).en()).contains("b-0");
                    // Another union's member: nothing but that it is not in this union.
                    assertThat(v.get(3).en()).isEqualTo("this member is not in this union");
                }));
        assertThat(holder("m-1")).isNull();
    }

    @Test
    void anEmptyBatchIsRefused() {
        fixture.givenNoPriorActivity()
                .when(new SubmitBatch("b-1", G_A1, List.of(), false, null), OP_A1)
                .expectException(invalid("memberIds", "batch.empty"));
    }

    @Test
    void aBatchOfMoreThanFiveThousandMembersIsRefused() {
        List<String> ids = IntStream.rangeClosed(0, SubmitBatch.MAX_MEMBERS).mapToObj(i -> "m-x" + i).toList();
        fixture.givenNoPriorActivity()
                .when(new SubmitBatch("b-1", G_A1, ids, false, null), OP_A1)
                .expectException(invalid("memberIds", "batch.too-many"));
    }

    @Test
    void aUnionsClerkCannotSubmitForAnotherUnion() {
        members.ready("m-3", G_A2);
        fixture.givenNoPriorActivity()
                .when(submit("b-1", G_A2, "m-3"), OP_A1)
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
    }

    @Test
    void aReviewerCannotSubmitForAUnionOutsideItsSubtree() {
        fixture.givenNoPriorActivity()
                .when(submit("b-1", G_A1, "m-1"), REVIEWER_B)
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
    }

    @Test
    void anAuditorCannotSubmit() {
        fixture.givenNoPriorActivity()
                .when(submit("b-1", G_A1, "m-1"), AUDITOR)
                .expectException(problem(RegistryProblem.Kind.FORBIDDEN));
    }

    @Test
    void onlyAGrassrootsUnionSubmits() {
        fixture.givenNoPriorActivity()
                .when(submit("b-1", DISTRICT_A, "m-1"), REVIEWER_A)
                .expectException(invalid("unionId", "union.not-grassroots"));
    }

    // --- replaces -----------------------------------------------------------------------------------

    /** A batch reviewed earlier, as the lookup has it (the fixture follows one aggregate: the new one). */
    void reviewedEarlier(String batchId, String unionId, String outcome) {
        BatchLookup lookup = new BatchLookup(jdbc);
        lookup.add(batchId, unionId);
        lookup.reviewed(batchId, outcome);
    }

    @Test
    void aRejectedBatchIsReplacedByItsResubmission() {
        List<BatchMember> list = List.of(new BatchMember("m-1", 1, false));
        reviewedEarlier("b-1", G_A1, "REJECTED");
        fixture.givenNoPriorActivity()
                .when(new SubmitBatch("b-2", G_A1, List.of("m-1"), false, "b-1"), OP_A1)
                .expectEvents(submitted("b-2", G_A1, list, "b-1", OP_A1, false));
        assertThat(jdbc.queryForObject("select replaced_by from batch_lookup where batch_id = 'b-1'", String.class))
                .isEqualTo("b-2");
    }

    @Test
    void aPartlyApprovedBatchIsReplacedForItsReturnedMembers() {
        List<BatchMember> list = List.of(new BatchMember("m-2", 1, true));
        reviewedEarlier("b-1", G_A1, "PARTLY_APPROVED");
        fixture.givenNoPriorActivity()
                .when(new SubmitBatch("b-2", G_A1, List.of("m-2"), false, "b-1"), OP_A1)
                .expectEvents(submitted("b-2", G_A1, list, "b-1", OP_A1, false));
    }

    @Test
    void anOpenOrApprovedBatchIsNotReplaced() {
        members.ready("m-3", G_A1);
        givenSubmitted()
                .when(new SubmitBatch("b-2", G_A1, List.of("m-3"), false, "b-1"), OP_A1)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
        newFixtureWithSameLookups();
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(new SubmitBatch("b-2", G_A1, List.of("m-3"), false, "b-1"), OP_A1)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    @Test
    void aBatchIsReplacedOnlyOnce() {
        reviewedEarlier("b-1", G_A1, "REJECTED");
        assertThat(new BatchLookup(jdbc).replace("b-1", G_A1, "b-2")).isTrue();
        fixture.givenNoPriorActivity()
                .when(new SubmitBatch("b-3", G_A1, List.of("m-2"), false, "b-1"), OP_A1)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    @Test
    void anotherUnionsBatchIsNotReplaced() {
        members.ready("m-3", G_A2);
        givenSubmitted(sent(new RejectBatch("b-1", "资料不全", Map.of()), REVIEWER_A))
                .when(new SubmitBatch("b-2", G_A2, List.of("m-3"), false, "b-1"), OP_A2)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    /** Axon's fixture follows one aggregate per instance; the lookups stay as they are. */
    void newFixtureWithSameLookups() {
        jdbc.execute("truncate batch_lookup, batch_membership");
        fixture = new AggregateTestFixture<>(Batch.class);
        fixture.registerAnnotatedCommandHandler(new BatchCommandHandler(fixture.getRepository(),
                new BatchSubmissionRules(facts, membership), membership, new BatchLookup(jdbc), facts, tree, clock));
    }

    // === ApproveBatch ==============================================================================

    @Test
    void aReviewerAboveTheUnionApprovesTheBatch() {
        givenSubmitted()
                .when(new ApproveBatch("b-1", Map.of()), REVIEWER_A)
                .expectEvents(new BatchApproved("b-1", G_A1, 2, DISTRICT_A));
        assertThat(holder("m-1")).isEqualTo("b-1");
    }

    @Test
    void theCityAdminApprovesAnyBatch() {
        givenSubmitted()
                .when(new ApproveBatch("b-1", null), ADMIN)
                .expectEvents(new BatchApproved("b-1", G_A1, 2, CITY));
    }

    @Test
    void excludedMembersGoBackWithTheirReasonsAndAreFreeAgain() {
        givenSubmitted()
                .when(new ApproveBatch("b-1", Map.of("m-2", " 证件已过期 ")), REVIEWER_A)
                .expectEvents(new BatchPartlyApproved("b-1", G_A1, 1, List.of("m-2"), DISTRICT_A),
                        new BatchMemberReturned("b-1", "m-2", "证件已过期"));
        assertThat(holder("m-1")).isEqualTo("b-1");
        assertThat(holder("m-2")).isNull();
    }

    @Test
    void anExclusionNeedsAReasonOfTwoToTwoHundredCharacters() {
        Map<String, String> excluded = new LinkedHashMap<>();
        excluded.put("m-1", "x");
        excluded.put("m-2", "很".repeat(201));
        givenSubmitted()
                .when(new ApproveBatch("b-1", excluded), REVIEWER_A)
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("excluded[m-1]", "excluded[m-2]")));
    }

    @Test
    void anExcludedMemberMustBeInTheBatch() {
        members.ready("m-3", G_A1);
        givenSubmitted()
                .when(new ApproveBatch("b-1", Map.of("m-3", "不在批次中")), REVIEWER_A)
                .expectException(invalid("excluded[m-3]", "batch.member-not-in-batch"));
    }

    @Test
    void excludingEveryMemberIsARejection() {
        givenSubmitted()
                .when(new ApproveBatch("b-1", Map.of("m-1", "证件已过期", "m-2", "证件已过期")), REVIEWER_A)
                .expectException(invalid("excluded", "batch.all-excluded"));
    }

    @Test
    void staleMembersAreAllNamedAndBlockTheApproval() {
        members.ready("m-3", G_A1);
        TestExecutor<Batch> given = fixture.givenCommands(sent(submit("b-1", G_A1, "m-1", "m-2", "m-3"), OP_A1));
        members.correct("m-1");
        members.withdraw("m-3", G_A1);
        given.when(new ApproveBatch("b-1", Map.of()), REVIEWER_A)
                .expectException(problem(RegistryProblem.Kind.CONFLICT, "m-1", "m-3"))
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).en()).doesNotContain("m-2")))
                .expectNoEvents();
    }

    @Test
    void aStaleMemberExcludedDoesNotBlockTheApproval() {
        TestExecutor<Batch> given = fixture.givenCommands(sent(submit("b-1", G_A1, "m-1", "m-2"), OP_A1));
        members.correct("m-1");
        given.when(new ApproveBatch("b-1", Map.of("m-1", "手机号已更正，请重新上报")), REVIEWER_A)
                .expectEvents(new BatchPartlyApproved("b-1", G_A1, 1, List.of("m-1"), DISTRICT_A),
                        new BatchMemberReturned("b-1", "m-1", "手机号已更正，请重新上报"));
    }

    @Test
    void nobodyReviewsABatchTwice() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(new ApproveBatch("b-1", Map.of()), ADMIN)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
        newFixtureWithSameLookups();
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(new RejectBatch("b-1", "重复审核", Map.of()), REVIEWER_A)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
        newFixtureWithSameLookups();
        givenSubmitted(sent(new RejectBatch("b-1", "资料不全", Map.of()), REVIEWER_A))
                .when(new ApproveBatch("b-1", Map.of()), REVIEWER_A)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    @Test
    void aBatchOutsideTheReviewersSubtreeDoesNotExist() {
        givenSubmitted()
                .when(new ApproveBatch("b-1", Map.of()), REVIEWER_B)
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        newFixtureWithSameLookups();
        givenSubmitted()
                .when(new RejectBatch("b-1", "资料不全", Map.of()), REVIEWER_B)
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
    }

    @Test
    void anUnknownBatchDoesNotExist() {
        fixture.givenNoPriorActivity()
                .when(new ApproveBatch("b-none", Map.of()), ADMIN)
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
    }

    @Test
    void theUnionsClerkDoesNotReviewItsOwnBatch() {
        givenSubmitted()
                .when(new ApproveBatch("b-1", Map.of()), OP_A1)
                .expectException(problem(RegistryProblem.Kind.FORBIDDEN));
    }

    @Test
    void aReviewerWhoSubmittedOnTheUnionsBehalfDoesNotReviewIt() {
        fixture.givenCommands(sent(submit("b-1", G_A1, "m-1", "m-2"), REVIEWER_A))
                .when(new ApproveBatch("b-1", Map.of()), REVIEWER_A)
                .expectException(problem(RegistryProblem.Kind.FORBIDDEN))
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).en()).contains("on the union's behalf")));
    }

    @Test
    void anotherReviewerApprovesWhatAReviewerSubmittedOnTheUnionsBehalf() {
        fixture.givenCommands(sent(submit("b-1", G_A1, "m-1", "m-2"), REVIEWER_A))
                .when(new ApproveBatch("b-1", Map.of()), ADMIN)
                .expectEvents(new BatchApproved("b-1", G_A1, 2, CITY));
    }

    // === RejectBatch ===============================================================================

    @Test
    void aRejectionReturnsTheBatchWithReasonsForNamedMembersAndFreesThemAll() {
        givenSubmitted()
                .when(new RejectBatch("b-1", " 资料不全 ", Map.of("m-2", "未附借贷合一卡申请表")), REVIEWER_A)
                .expectEvents(new BatchRejected("b-1", G_A1, "资料不全", DISTRICT_A),
                        new BatchMemberReturned("b-1", "m-2", "未附借贷合一卡申请表"));
        assertThat(holder("m-1")).isNull();
        assertThat(holder("m-2")).isNull();
    }

    @Test
    void aRejectionNeedsAReasonAndItsMembersInTheBatch() {
        givenSubmitted()
                .when(new RejectBatch("b-1", " ", Map.of("m-9", "不在批次中")), REVIEWER_A)
                .expectException(invalid("reason", "required"));
        newFixtureWithSameLookups();
        givenSubmitted()
                .when(new RejectBatch("b-1", "资料不全", Map.of("m-9", "不在批次中")), REVIEWER_A)
                .expectException(invalid("members[m-9]", "batch.member-not-in-batch"));
    }

    // === RecordBatchHandedToBank ===================================================================

    RecordBatchHandedToBank handOver(LocalDate on) {
        return new RecordBatchHandedToBank("b-1", "工商银行思明支行", on, "李工");
    }

    @Test
    void theClerkRecordsTheApprovedBatchHandedToTheBank() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(handOver(today), OP_A1)
                .expectEvents(new BatchHandedToBank("b-1", G_A1, "工商银行思明支行", today, "李工"));
        assertThat(new BatchFacts(jdbc).find("b-1").orElseThrow().status()).isEqualTo(BatchStatus.HANDED_TO_BANK);
    }

    /** The lookup records the hand-over beside the review's outcome, which a resubmission still reads. */
    @Test
    void aPartlyApprovedBatchHandedToTheBankIsStillReplacedForItsReturnedMembers() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of("m-2", "证件已过期")), REVIEWER_A))
                .when(handOver(today), OP_A1)
                .expectSuccessfulHandlerExecution();
        assertThat(new BatchFacts(jdbc).find("b-1").orElseThrow().status()).isEqualTo(BatchStatus.HANDED_TO_BANK);
        assertThat(new BatchFacts(jdbc).approvedAmong("b-1", List.of("m-1", "m-2"))).containsExactly("m-1");
        assertThat(new BatchLookup(jdbc).replace("b-1", G_A1, "b-2")).isTrue();
    }

    @Test
    void onlyAnApprovedBatchIsHandedOverAndOnlyOnce() {
        givenSubmitted()
                .when(handOver(today), OP_A1)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
        newFixtureWithSameLookups();
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A), sent(handOver(today), OP_A1))
                .when(handOver(today), OP_A1)
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    @Test
    void aHandOverIsNeitherInTheFutureNorBeforeTheApproval() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(handOver(today.plusDays(1)), OP_A1)
                .expectException(invalid("handedOverOn", "date.future"));
        newFixtureWithSameLookups();
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(handOver(today.minusDays(1)), OP_A1)
                .expectException(invalid("handedOverOn", "date.before-approval"));
    }

    @Test
    void aHandOverNamesTheBranchAndTheCarrier() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(new RecordBatchHandedToBank("b-1", "工", null, "李".repeat(51)), OP_A1)
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("branch", "handedOverOn", "carriedBy")));
    }

    @Test
    void aHandOverOutsideTheSubtreeOrByTheWrongRoleIsRefused() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(handOver(today), OP_A2)
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        newFixtureWithSameLookups();
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(handOver(today), AUDITOR)
                .expectException(problem(RegistryProblem.Kind.FORBIDDEN));
    }

    // === Erasure ===================================================================================

    @Test
    void aMemberErasedBeforeTheHandOverLeavesTheBatch() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(new ErasePersonalData("m-1", "当事人申请删除其个人信息"), DPO)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new BatchMemberErased("b-1", "m-1", false));
        assertThat(holder("m-1")).isNull();
        assertThat(holder("m-2")).isEqualTo("b-1");
    }

    @Test
    void aMemberErasedFromAnOpenBatchLeavesItAndTheRestCanBeApproved() {
        givenSubmitted(sent(new ErasePersonalData("m-1", "当事人申请删除其个人信息"), DPO))
                .when(new ApproveBatch("b-1", Map.of()), REVIEWER_A)
                .expectEvents(new BatchApproved("b-1", G_A1, 1, DISTRICT_A));
    }

    @Test
    void aBatchWhoseMembersWereAllErasedIsRejectedNotApproved() {
        givenSubmitted(sent(new ErasePersonalData("m-1", "当事人申请删除其个人信息"), DPO),
                sent(new ErasePersonalData("m-2", "当事人申请删除其个人信息"), DPO))
                .when(new ApproveBatch("b-1", Map.of()), REVIEWER_A)
                .expectException(problem(RegistryProblem.Kind.CONFLICT))
                .expectNoEvents();
    }

    @Test
    void aMemberErasedAfterTheHandOverIsRecordedAsAWarning() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A), sent(handOver(today), OP_A1))
                .when(new ErasePersonalData("m-2", "当事人申请删除其个人信息"), DPO)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new BatchMemberErased("b-1", "m-2", true));
    }

    @Test
    void aMemberNotInAnOpenOrApprovedBatchIsErasedWithoutTouchingBatches() {
        givenSubmitted(sent(new RejectBatch("b-1", "资料不全", Map.of()), REVIEWER_A))
                .when(new ErasePersonalData("m-1", "当事人申请删除其个人信息"), DPO)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    // === A member changed after the approval ==========================================================

    @Test
    void aMemberWhoLeavesAfterTheApprovalGoesBackToTheUnionAndOffTheList() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A))
                .when(new WithdrawMember("m-1", "调离本单位"), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new BatchMemberReturned("b-1", "m-1", Batch.CHANGED_AFTER_APPROVAL));
        assertThat(holder("m-1")).isNull();
        assertThat(holder("m-2")).isEqualTo("b-1");
    }

    @Test
    void aMemberWhoChangesWhileTheBatchWaitsStaysOnItAsAStaleEntry() {
        givenSubmitted()
                .when(new WithdrawMember("m-1", "调离本单位"), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(holder("m-1")).isEqualTo("b-1");
    }

    @Test
    void aMemberWhoChangesAfterTheHandOverStaysOnTheBatchTheBankHas() {
        givenSubmitted(sent(new ApproveBatch("b-1", Map.of()), REVIEWER_A), sent(handOver(today), OP_A1))
                .when(new WithdrawMember("m-1", "调离本单位"), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        assertThat(holder("m-1")).isEqualTo("b-1");
    }
}
