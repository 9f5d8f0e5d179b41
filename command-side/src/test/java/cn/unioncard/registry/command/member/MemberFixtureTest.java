package cn.unioncard.registry.command.member;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.member.CorrectMemberInfo;
import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberForm;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberRegistration;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.RecordAuthorisation;
import cn.unioncard.registry.events.member.RegisterMember;
import cn.unioncard.registry.events.member.TransferMember;
import cn.unioncard.registry.events.member.WithdrawMember;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import cn.unioncard.registry.testing.MemberData.Form;
import cn.unioncard.registry.testing.MemberData;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.hamcrest.BaseMatcher;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every command of the member aggregate, accepted and refused, through the real
 * {@link MemberCommandHandler}: scope and the union tree, the city-wide one-membership lookup
 * ({@link MembershipIndex}) on a real PostgreSQL, and the aggregate's own rules.
 *
 * <p>The fixture runs without a transaction, so the lookup rows a step writes stay for the next
 * step of the same test; {@link Lookups.emptied()} empties them between tests.
 */
class MemberFixtureTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate TODAY = LocalDate.now(CLOCK);

    static final String CITY = "city-1";
    static final String DISTRICT_A = "district-a";
    static final String DISTRICT_B = "district-b";
    static final String G_A1 = "g-a1";
    static final String G_A2 = "g-a2";
    static final String G_B1 = "g-b1";
    static final String CODE_A1 = "0100001";
    static final String CODE_A2 = "0100002";
    static final String CODE_B1 = "0200001";

    /** 18 characters ending in X, typed with full-width digits and a lower-case x. */
    static final String ID_TYPED = "３５０２０３１９９２０７２３１０６x";
    static final String ID = "35020319920723106X";
    static final String OTHER_ID = "350203199003071236";
    static final String THIRD_ID = "110101197501010012";
    static final String ID_15 = "350203800307123";
    static final String ID_15_AS_18 = "350203198003071231";

    static final Map<String, ?> OP_A1 = as(Role.UNION_OPERATOR, G_A1);
    static final Map<String, ?> OP_A2 = as(Role.UNION_OPERATOR, G_A2);
    static final Map<String, ?> OP_B1 = as(Role.UNION_OPERATOR, G_B1);
    static final Map<String, ?> REVIEWER_A = as(Role.DISTRICT_REVIEWER, DISTRICT_A);
    static final Map<String, ?> REVIEWER_B = as(Role.DISTRICT_REVIEWER, DISTRICT_B);
    static final Map<String, ?> ADMIN = as(Role.CITY_ADMIN, CITY);

    JdbcTemplate jdbc;
    UnionTree tree;
    MembershipIndex index;
    AggregateTestFixture<Member> fixture;

    @BeforeEach
    void setUp() {
        jdbc = Lookups.emptied(); // truncates union_lookup cascade, which empties membership_lookup too
        jdbc.execute("truncate membership_lookup cascade");
        tree = new UnionTree(jdbc);
        tree.add(CITY, null, UnionLevel.CITY);
        assertThat(tree.add(DISTRICT_A, CITY, UnionLevel.DISTRICT)).isEqualTo("01");
        assertThat(tree.add(DISTRICT_B, CITY, UnionLevel.DISTRICT)).isEqualTo("02");
        assertThat(tree.add(G_A1, DISTRICT_A, UnionLevel.GRASSROOTS)).isEqualTo(CODE_A1);
        assertThat(tree.add(G_A2, DISTRICT_A, UnionLevel.GRASSROOTS)).isEqualTo(CODE_A2);
        assertThat(tree.add(G_B1, DISTRICT_B, UnionLevel.GRASSROOTS)).isEqualTo(CODE_B1);
        index = new MembershipIndex(jdbc, new IdNumberIndexKey(new byte[32]));
        fixture = newFixture();
    }

    /** A fresh fixture on the same lookup: Axon's fixture follows one aggregate identifier per instance. */
    AggregateTestFixture<Member> newFixture() {
        AggregateTestFixture<Member> f = new AggregateTestFixture<>(Member.class);
        f.registerAnnotatedCommandHandler(new MemberCommandHandler(f.getRepository(), index, tree, CLOCK));
        return f;
    }

    static Map<String, ?> as(Role role, String organisation) {
        return AuditMetadata.of(new Actor(username(role, organisation), role, organisation, "127.0.0.1", "corr-1",
                null));
    }

    static String username(Role role, String organisation) {
        return role.name().toLowerCase() + "@" + organisation;
    }

    static CommandMessage<?> sent(Object command, Map<String, ?> actor) {
        return GenericCommandMessage.asCommandMessage(command).andMetaData(actor);
    }

    // --- forms and the details they normalise to ------------------------------------------------

    /** The shared valid form as a clerk might type it: labels, odd spacing, dates in several styles. */
    static Form typedByClerk(String idNumber) {
        return MemberData.form().with(f -> {
            f.name = " 阿依古丽•买买提 ";
            f.idType = null;
            f.idNumber = idNumber;
            f.idExpiry = "2036/5/1";
            f.ethnicGroup = "回族";
            f.politicalStatus = "党员";
            f.education = "6 大学本科";
            f.nationality = "中国";
            f.titleLevel = null;
            f.mobile = "+86 138-1234-5678";
            f.householdProvince = "福建省";
            f.householdCity = "厦门市";
            f.contactAddress = " 厦门市思明区  软件园二期 ";
            f.workStart = "2012年7月";
            f.unionJoin = "201209";
            f.socialInsuranceStart = "2012.08";
            f.ruralHousehold = false;
            f.labourDispatch = false;
            f.labourContract = true;
            f.occupation = "公司员工";
            f.cardType = "1";
            f.employerName = " 厦门某某科技有限公司 ";
            f.filledOn = null;
        });
    }

    /** What {@link #typedByClerk} is stored as, written out by hand. */
    static MemberDetails details(String idNumber) {
        return new MemberDetails("阿依古丽·买买提", "1", idNumber, LocalDate.of(2036, 5, 1), false, "03", "2", "6",
                "CHN", null, "13812345678", "福建省", "厦门市", "厦门市思明区 软件园二期", YearMonth.of(2012, 7),
                YearMonth.of(2012, 9), YearMonth.of(2012, 8), true, false, false, true, "4", "1", "厦门某某科技有限公司",
                TODAY);
    }

    static MemberRegistered registered(String memberId, String unionId, String idNumber) {
        return new MemberRegistered(memberId, unionId, details(idNumber), false, List.of());
    }

    static RegisterMember register(String memberId, String unionId, String idNumber) {
        return new RegisterMember(memberId, unionId, typedByClerk(idNumber).build());
    }

    /** A member already in the event store, with its lookup row as registration leaves it. */
    ResultValidator<Member> givenMember(String memberId, String unionId, String idNumber, Object command,
                                        Map<String, ?> actor, Object... laterEvents) {
        index.add(memberId, unionId, idNumber);
        Object[] events = new Object[1 + laterEvents.length];
        events[0] = registered(memberId, unionId, idNumber);
        System.arraycopy(laterEvents, 0, events, 1, laterEvents.length);
        return fixture.given(events).when(command, actor);
    }

    /** A member who registered and then withdrew, with the lookup row deactivated. */
    ResultValidator<Member> givenWithdrawnMember(Object command, Map<String, ?> actor) {
        index.add("m-1", G_A1, ID);
        index.deactivate("m-1");
        return fixture.given(registered("m-1", G_A1, ID), new MemberWithdrawn("m-1", G_A1, "退休"))
                .when(command, actor);
    }

    // --- matchers ---------------------------------------------------------------------------------

    /** Passes when the AssertJ checks inside pass; a failure's message shows in the fixture's report. */
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

    static Matcher<Object> problem(RegistryProblem.Kind kind) {
        return satisfying(e -> assertThat(((RegistryProblem) e).kind()).isEqualTo(kind));
    }

    static Matcher<Object> conflictNaming(String code) {
        return satisfying(e -> {
            RegistryProblem p = (RegistryProblem) e;
            assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.CONFLICT);
            assertThat(p.zh()).contains(code);
            assertThat(p.en()).contains(code);
            assertThat(p.getMessage()).doesNotContain(ID).doesNotContain(OTHER_ID);
        });
    }

    /** A CONFLICT whose texts name none of the given codes and never the ID number. */
    static Matcher<Object> conflictNamingNone(String... codesAndIds) {
        return satisfying(e -> {
            RegistryProblem p = (RegistryProblem) e;
            assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.CONFLICT);
            for (String s : codesAndIds) {
                assertThat(p.zh()).doesNotContain(s);
                assertThat(p.en()).doesNotContain(s);
            }
            assertThat(p.zh() + p.en() + p.getMessage()).doesNotContain(ID).doesNotContain(OTHER_ID);
        });
    }

    static Matcher<Object> invalidFields(String... fields) {
        return satisfying(e -> assertThat(((InvalidInputException) e).violations()).extracting(Violation::field)
                .containsExactlyInAnyOrder(fields));
    }

    static Matcher<Object> result(Object expected) {
        return satisfying(r -> assertThat(r).isEqualTo(expected));
    }

    int lookupRows() {
        return jdbc.queryForObject("select count(*) from membership_lookup", Integer.class);
    }

    byte[] hashOf(String memberId) {
        return jdbc.queryForObject("select id_hash from membership_lookup where member_id = ?", byte[].class, memberId);
    }

    // === RegisterMember ===========================================================================

    @Test
    void theOperatorRegistersAMemberOfItsOwnUnionWithNormalisedDetails() {
        fixture.givenNoPriorActivity()
                .when(new RegisterMember("m-1", G_A1, typedByClerk(ID_TYPED).build()), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberRegistered("m-1", G_A1, details(ID), false, List.of()))
                .expectResultMessagePayload(new MemberRegistration("m-1", 0, false, List.of()));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, true));
    }

    @Test
    void aDistrictReviewerRegistersIntoAGrassrootsUnionBelowIt() {
        fixture.givenNoPriorActivity()
                .when(register("m-1", G_A2, ID), REVIEWER_A)
                .expectEvents(registered("m-1", G_A2, ID))
                .expectResultMessagePayload(new MemberRegistration("m-1", 0, false, List.of()));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A2, true));
    }

    @Test
    void theCityAdminRegistersIntoAnyGrassrootsUnion() {
        fixture.givenNoPriorActivity()
                .when(register("m-1", G_B1, ID), ADMIN)
                .expectEvents(registered("m-1", G_B1, ID))
                .expectResultMessagePayload(new MemberRegistration("m-1", 0, false, List.of()));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_B1, true));
    }

    @Test
    void aFifteenDigitIdIsConvertedAndTheConversionRecorded() {
        fixture.givenNoPriorActivity()
                .when(register("m-1", G_A1, ID_15), OP_A1)
                .expectEvents(new MemberRegistered("m-1", G_A1, details(ID_15_AS_18), true, List.of()))
                .expectResultMessagePayload(new MemberRegistration("m-1", 0, true, List.of()));
        // The lookup holds the converted number: the same person typed with 18 digits is a duplicate.
        newFixture().givenNoPriorActivity()
                .when(register("m-2", G_A1, ID_15_AS_18), OP_A1)
                .expectNoEvents()
                .expectException(conflictNaming(CODE_A1));
    }

    @Test
    void unionJoinBeforeWorkStartIsAcceptedWithAWarning() {
        Form form = typedByClerk(ID);
        form.workStart = "2012-09";
        form.unionJoin = "2012-07";
        MemberDetails d = details(ID);
        MemberDetails expected = new MemberDetails(d.name(), d.idType(), d.idNumber(), d.idExpiry(), d.idLongTerm(),
                d.ethnicGroup(), d.politicalStatus(), d.education(), d.nationality(), d.titleLevel(), d.mobile(),
                d.householdProvince(), d.householdCity(), d.contactAddress(), YearMonth.of(2012, 9),
                YearMonth.of(2012, 7), d.socialInsuranceStart(), d.socialInsured(), d.ruralHousehold(),
                d.labourDispatch(), d.labourContract(), d.occupation(), d.cardType(), d.employerName(), d.filledOn());
        fixture.givenNoPriorActivity()
                .when(new RegisterMember("m-1", G_A1, form.build()), OP_A1)
                .expectEvents(new MemberRegistered("m-1", G_A1, expected, false,
                        List.of("union-join.before-work-start")))
                .expectResultMessagePayload(new MemberRegistration("m-1", 0, false,
                        List.of("union-join.before-work-start")));
    }

    @Test
    void everyFailingFieldIsReportedAtOnceAndNothingIsRegistered() {
        Form bad = MemberData.patch();
        bad.name = "王1";
        bad.idNumber = "350203199003071235"; // check character should be 6
        bad.idExpiry = "2020-01-01";
        bad.ethnicGroup = "火星族";
        bad.politicalStatus = "无党派";
        bad.education = "10";
        bad.nationality = "china";
        bad.titleLevel = "10";
        bad.mobile = "12345678901";
        bad.householdProvince = "";
        bad.householdCity = null;
        bad.contactAddress = "x";
        bad.workStart = "2030-01";
        bad.unionJoin = "2012-13";
        bad.socialInsuranceStart = "sometime";
        bad.occupation = "7";
        bad.cardType = "3";
        bad.employerName = " ";
        bad.filledOn = TODAY.plusDays(1).toString();
        fixture.givenNoPriorActivity()
                .when(new RegisterMember("m-1", G_A1, bad.build()), OP_A1)
                .expectNoEvents()
                .expectException(InvalidInputException.class)
                .expectException(invalidFields("name", "idNumber", "idExpiry", "ethnicGroup", "politicalStatus",
                        "education", "nationality", "titleLevel", "mobile", "householdProvince", "householdCity",
                        "contactAddress", "workStart", "unionJoin", "socialInsuranceStart", "ruralHousehold",
                        "labourDispatch", "labourContract", "occupation", "cardType", "employerName", "filledOn"))
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .allSatisfy(v -> assertThat(v.zh() + v.en()).doesNotContain("350203199003071235"))));
        assertThat(lookupRows()).isZero();
    }

    @Test
    void aUnionOutsideTheCallersSubtreeIsNotFound() {
        fixture.givenNoPriorActivity().when(register("m-1", G_A2, ID), OP_A1)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        fixture.givenNoPriorActivity().when(register("m-1", G_B1, ID), OP_A1)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        fixture.givenNoPriorActivity().when(register("m-1", G_A1, ID), REVIEWER_B)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        fixture.givenNoPriorActivity().when(register("m-1", "no-such-union", ID), ADMIN)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        // Out of scope, even an invalid form answers "not found": nothing is learnt about the union.
        fixture.givenNoPriorActivity().when(new RegisterMember("m-1", G_B1, MemberData.patch().build()), OP_A1)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        assertThat(lookupRows()).isZero();
    }

    @Test
    void membersAreRegisteredInGrassrootsUnionsOnly() {
        fixture.givenNoPriorActivity().when(register("m-1", DISTRICT_A, ID), ADMIN)
                .expectNoEvents()
                .expectException(InvalidInputException.class)
                .expectException(invalidFields("unionId"));
        fixture.givenNoPriorActivity().when(register("m-1", DISTRICT_A, ID), REVIEWER_A)
                .expectNoEvents().expectException(invalidFields("unionId"));
        fixture.givenNoPriorActivity().when(register("m-1", CITY, ID), ADMIN)
                .expectNoEvents().expectException(invalidFields("unionId"));
        assertThat(lookupRows()).isZero();
    }

    @Test
    void auditorsDataProtectionOfficersAndBankOperatorsCannotRegister() {
        for (Role role : List.of(Role.AUDITOR, Role.DPO, Role.BANK_OPERATOR)) {
            fixture.givenNoPriorActivity().when(register("m-1", G_A1, ID), as(role, CITY))
                    .expectNoEvents().expectException(problem(RegistryProblem.Kind.FORBIDDEN));
        }
        assertThat(lookupRows()).isZero();
    }

    @Test
    void anIdActiveInAnotherUnionIsAConflictThatHidesTheUnionFromAnOperatorOutsideIt() {
        fixture.givenNoPriorActivity().when(register("m-1", G_A1, ID), OP_A1).expectSuccessfulHandlerExecution();

        // The same person, typed differently, in another district.
        newFixture().givenNoPriorActivity()
                .when(register("m-2", G_B1, "35020319920723106x"), OP_B1)
                .expectNoEvents()
                .expectException(conflictNamingNone(CODE_A1, G_A1, DISTRICT_A, "01"));
        newFixture().givenNoPriorActivity()
                .when(register("m-2", G_B1, ID), REVIEWER_B)
                .expectNoEvents()
                .expectException(conflictNamingNone(CODE_A1, G_A1));
        // A neighbouring union's operator in the same district cannot see g-a1 either.
        newFixture().givenNoPriorActivity()
                .when(register("m-2", G_A2, ID), OP_A2)
                .expectNoEvents()
                .expectException(conflictNamingNone(CODE_A1, G_A1));
        assertThat(index.find("m-2")).isEmpty();
        assertThat(lookupRows()).isEqualTo(1);
    }

    @Test
    void anIdActiveElsewhereNamesThatUnionsCodeToWhoeverCanSeeIt() {
        fixture.givenNoPriorActivity().when(register("m-1", G_A1, ID), OP_A1).expectSuccessfulHandlerExecution();

        newFixture().givenNoPriorActivity().when(register("m-2", G_B1, ID), ADMIN)
                .expectNoEvents().expectException(conflictNaming(CODE_A1));
        newFixture().givenNoPriorActivity().when(register("m-2", G_A2, ID), REVIEWER_A)
                .expectNoEvents().expectException(conflictNaming(CODE_A1));
        // Registering the same person twice in one's own union.
        newFixture().givenNoPriorActivity().when(register("m-2", G_A1, ID), OP_A1)
                .expectNoEvents().expectException(conflictNaming(CODE_A1));
        assertThat(index.find("m-2")).isEmpty();
    }

    @Test
    void afterAWithdrawalTheSamePersonRegistersAgainUnderANewMemberId() {
        fixture.givenCommands(sent(register("m-1", G_A1, ID), OP_A1))
                .when(new WithdrawMember("m-1", "调往外地工作"), OP_A1)
                .expectEvents(new MemberWithdrawn("m-1", G_A1, "调往外地工作"));

        newFixture().givenNoPriorActivity()
                .when(register("m-2", G_B1, ID), OP_B1)
                .expectEvents(registered("m-2", G_B1, ID))
                .expectResultMessagePayload(new MemberRegistration("m-2", 0, false, List.of()));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, false));
        assertThat(index.find("m-2")).contains(new MembershipIndex.Entry("m-2", G_B1, true));
        // ... and only once.
        newFixture().givenNoPriorActivity()
                .when(register("m-3", G_A1, ID), ADMIN)
                .expectNoEvents().expectException(conflictNaming(CODE_B1));
    }

    // === CorrectMemberInfo ==========================================================================

    static MemberDetails onlyEducationAndMobile(String education, String mobile) {
        return new MemberDetails(null, null, null, null, false, null, null, education, null, null, mobile, null, null,
                null, null, null, null, false, false, false, false, null, null, null, null);
    }

    @Test
    void aCorrectionAtTheCurrentVersionCarriesOnlyTheChangedFields() {
        Form patch = MemberData.patch();
        patch.name = "阿依古丽·买买提"; // given, but unchanged
        patch.education = "硕士研究生";
        patch.mobile = "139 8765 4321";
        MemberInfoCorrected corrected = new MemberInfoCorrected("m-1", List.of("education", "mobile"),
                onlyEducationAndMobile("7", "13987654321"), false);
        fixture.givenCommands(sent(register("m-1", G_A1, ID), OP_A1))
                .when(new CorrectMemberInfo("m-1", 0L, patch.build()), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(corrected)
                .expectResultMessagePayload(1L);

        // The corrected state is what the next correction compares with: only education differs now.
        Form back = MemberData.patch();
        back.education = "6";
        back.mobile = "13987654321";
        fixture.given(registered("m-1", G_A1, ID), corrected)
                .when(new CorrectMemberInfo("m-1", 1L, back.build()), REVIEWER_A)
                .expectEvents(new MemberInfoCorrected("m-1", List.of("education"),
                        onlyEducationAndMobile("6", null), false))
                .expectResultMessagePayload(2L);
    }

    @Test
    void aCorrectionThatChangesNothingRecordsNothing() {
        Form same = MemberData.patch();
        same.name = " 阿依古丽·买买提";
        same.mobile = "+8613812345678";
        same.ethnicGroup = "03";
        same.idNumber = ID_TYPED;
        givenMember("m-1", G_A1, ID, new CorrectMemberInfo("m-1", 0L, same.build()), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void aMemberWithALongTermIdNoInsuranceAndALegacyIdCanBeCorrectedFieldByField() {
        Form form = typedByClerk(ID_15);
        form.idExpiry = "长期";
        form.socialInsuranceStart = "未参加";
        form.titleLevel = null;
        fixture.givenCommands(sent(new RegisterMember("m-1", G_A1, form.build()), OP_A1))
                .when(new CorrectMemberInfo("m-1", 0L, onlyMobile("13900001111")), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberInfoCorrected("m-1", List.of("mobile"),
                        onlyEducationAndMobile(null, "13900001111"), false));
    }

    static MemberForm onlyMobile(String mobile) {
        Form f = MemberData.patch();
        f.mobile = mobile;
        return f.build();
    }

    @Test
    void aStaleVersionIsRefused() {
        MemberInfoCorrected earlier = new MemberInfoCorrected("m-1", List.of("education", "mobile"),
                onlyEducationAndMobile("7", "13987654321"), false);
        givenMember("m-1", G_A1, ID, new CorrectMemberInfo("m-1", 0L, onlyMobile("13700000000")), OP_A1, earlier)
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    @Test
    void aCorrectionOutsideTheCallersScopeIsNotFoundLikeAnUnknownMember() {
        RegistryProblem[] unknown = new RegistryProblem[1];
        fixture.givenNoPriorActivity()
                .when(new CorrectMemberInfo("no-such-member", 0L, onlyMobile("13700000000")), ADMIN)
                .expectException(satisfying(e -> unknown[0] = (RegistryProblem) e))
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        Matcher<Object> sameAsUnknown = satisfying(e -> {
            RegistryProblem p = (RegistryProblem) e;
            assertThat(p.kind()).isEqualTo(RegistryProblem.Kind.NOT_FOUND);
            assertThat(p.zh()).isEqualTo(unknown[0].zh());
            assertThat(p.en()).isEqualTo(unknown[0].en());
        });

        givenMember("m-1", G_A1, ID, new CorrectMemberInfo("m-1", 0L, onlyMobile("13700000000")), OP_B1)
                .expectNoEvents().expectException(sameAsUnknown);
        fixture.given(registered("m-1", G_A1, ID))
                .when(new CorrectMemberInfo("m-1", 0L, onlyMobile("13700000000")), OP_A2)
                .expectNoEvents().expectException(sameAsUnknown);
        fixture.given(registered("m-1", G_A1, ID))
                .when(new CorrectMemberInfo("m-1", 0L, onlyMobile("13700000000")), REVIEWER_B)
                .expectNoEvents().expectException(sameAsUnknown);
        fixture.given(registered("m-1", G_A1, ID))
                .when(new CorrectMemberInfo("m-1", 0L, onlyMobile("13700000000")), as(Role.AUDITOR, CITY))
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.FORBIDDEN));
    }

    @Test
    void anInvalidNewValueIsRefusedAndNothingChanges() {
        Form bad = MemberData.patch();
        bad.mobile = "12345";
        bad.idExpiry = "2020-01-01";
        bad.idNumber = "350203199003071235"; // wrong check character
        index.add("m-1", G_A1, ID);
        byte[] before = hashOf("m-1");
        fixture.given(registered("m-1", G_A1, ID))
                .when(new CorrectMemberInfo("m-1", 0L, bad.build()), OP_A1)
                .expectNoEvents()
                .expectException(invalidFields("idNumber", "idExpiry", "mobile"));
        assertThat(hashOf("m-1")).isEqualTo(before);
        assertThatThrownBy(() -> index.add("m-probe", G_B1, ID))
                .as("the ID number stays claimed by m-1")
                .isInstanceOf(MembershipIndex.AlreadyMember.class);
    }

    @Test
    void changingTheIdNumberToOneActiveOnAnotherMemberIsAConflict() {
        index.add("m-9", G_B1, OTHER_ID);
        Form patch = MemberData.patch();
        patch.idNumber = OTHER_ID;
        givenMember("m-1", G_A1, ID, new CorrectMemberInfo("m-1", 0L, patch.build()), OP_A1)
                .expectNoEvents()
                .expectException(conflictNamingNone(CODE_B1, G_B1));
        byte[] hash = hashOf("m-1");
        fixture.given(registered("m-1", G_A1, ID))
                .when(new CorrectMemberInfo("m-1", 0L, patch.build()), ADMIN)
                .expectNoEvents()
                .expectException(conflictNaming(CODE_B1));
        assertThat(hashOf("m-1")).isEqualTo(hash);
        assertThat(index.find("m-9")).contains(new MembershipIndex.Entry("m-9", G_B1, true));
    }

    @Test
    void changingTheIdNumberMovesTheClaimToTheNewNumber() {
        Form patch = MemberData.patch();
        patch.idNumber = ID_15;
        MemberDetails onlyId = new MemberDetails(null, null, ID_15_AS_18, null, false, null, null, null, null, null,
                null, null, null, null, null, null, null, false, false, false, false, null, null, null, null);
        givenMember("m-1", G_A1, ID, new CorrectMemberInfo("m-1", 0L, patch.build()), OP_A1)
                .expectEvents(new MemberInfoCorrected("m-1", List.of("idNumber"), onlyId, true))
                .expectResultMessagePayload(1L);

        // The old number is free, the new one taken by m-1.
        index.add("m-2", G_B1, ID);
        assertThat(index.find("m-2")).contains(new MembershipIndex.Entry("m-2", G_B1, true));
        assertThatThrownBy(() -> index.add("m-3", G_B1, ID_15_AS_18))
                .isInstanceOfSatisfying(MembershipIndex.AlreadyMember.class,
                        e -> assertThat(e.unionId).isEqualTo(G_A1));
    }

    @Test
    void aWithdrawnMemberCannotBeCorrected() {
        givenWithdrawnMember(new CorrectMemberInfo("m-1", 1L, onlyMobile("13700000000")), OP_A1)
                .expectNoEvents()
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    // === RecordAuthorisation =========================================================================

    @Test
    void theAuthorisationIsRecordedAsReceivedTodayAndCheckedByTheCaller() {
        givenMember("m-1", G_A1, ID, new RecordAuthorisation("m-1", null, "  SCAN-2026   0001 "), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberAuthorisationRecorded("m-1", TODAY, username(Role.UNION_OPERATOR, G_A1),
                        "SCAN-2026 0001"));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new RecordAuthorisation("m-1", TODAY.minusDays(3), "  "), REVIEWER_A)
                .expectEvents(new MemberAuthorisationRecorded("m-1", TODAY.minusDays(3),
                        username(Role.DISTRICT_REVIEWER, DISTRICT_A), null));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new RecordAuthorisation("m-1", TODAY, null), ADMIN)
                .expectEvents(new MemberAuthorisationRecorded("m-1", TODAY, username(Role.CITY_ADMIN, CITY), null));
    }

    @Test
    void theLookupKeepsTheAuthorisationDateForBatchesAndARefusalLeavesItUnset() {
        MemberFacts facts = new MemberFacts(jdbc, fixture.getEventStore());
        givenMember("m-1", G_A1, ID, new RecordAuthorisation("m-1", TODAY.plusDays(1), null), OP_A1)
                .expectException(invalidFields("receivedOn"));
        assertThat(facts.find(List.of("m-1")).get("m-1").authorisedOn()).isNull();
        fixture.given(registered("m-1", G_A1, ID))
                .when(new RecordAuthorisation("m-1", TODAY.minusDays(3), null), OP_A1)
                .expectSuccessfulHandlerExecution();
        assertThat(facts.find(List.of("m-1"))).containsEntry("m-1",
                new MemberFacts.Fact("m-1", G_A1, true, false, TODAY.minusDays(3)));
    }

    @Test
    void aFutureDateIsRefused() {
        givenMember("m-1", G_A1, ID, new RecordAuthorisation("m-1", TODAY.plusDays(1), null), OP_A1)
                .expectNoEvents()
                .expectException(invalidFields("receivedOn"));
    }

    @Test
    void anOverlongScanReferenceIsRefused() {
        givenMember("m-1", G_A1, ID, new RecordAuthorisation("m-1", null, "S".repeat(201)), OP_A1)
                .expectNoEvents()
                .expectException(invalidFields("scanReference"));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new RecordAuthorisation("m-1", null, "scan\u0007ref"), OP_A1)
                .expectNoEvents()
                .expectException(invalidFields("scanReference"));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new RecordAuthorisation("m-1", null, "S".repeat(200)), OP_A1)
                .expectEvents(new MemberAuthorisationRecorded("m-1", TODAY, username(Role.UNION_OPERATOR, G_A1),
                        "S".repeat(200)));
    }

    @Test
    void anAuthorisationNeedsScopeAndAWritingRole() {
        givenMember("m-1", G_A1, ID, new RecordAuthorisation("m-1", null, null), OP_B1)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        for (Role role : List.of(Role.AUDITOR, Role.DPO, Role.BANK_OPERATOR)) {
            fixture.given(registered("m-1", G_A1, ID))
                    .when(new RecordAuthorisation("m-1", null, null), as(role, CITY))
                    .expectNoEvents().expectException(problem(RegistryProblem.Kind.FORBIDDEN));
        }
    }

    @Test
    void aWithdrawnMembersAuthorisationIsAConflict() {
        givenWithdrawnMember(new RecordAuthorisation("m-1", null, null), OP_A1)
                .expectNoEvents()
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    // === WithdrawMember ===========================================================================

    @Test
    void aWithdrawalRecordsTheReasonAndFreesTheIdNumber() {
        givenMember("m-1", G_A1, ID, new WithdrawMember("m-1", "  调往  外地工作 "), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberWithdrawn("m-1", G_A1, "调往 外地工作"));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, false));
    }

    @Test
    void aWithdrawalNeedsAReasonOfTwoTo200Characters() {
        index.add("m-1", G_A1, ID);
        for (String reason : Arrays.asList(null, "", "   ", "走", " 走 ", "理".repeat(201), "退\u0007休")) {
            fixture.given(registered("m-1", G_A1, ID))
                    .when(new WithdrawMember("m-1", reason), OP_A1)
                    .expectNoEvents()
                    .expectException(invalidFields("reason"));
        }
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, true));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new WithdrawMember("m-1", "退休"), REVIEWER_A)
                .expectEvents(new MemberWithdrawn("m-1", G_A1, "退休"));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new WithdrawMember("m-1", "理".repeat(200)), ADMIN)
                .expectEvents(new MemberWithdrawn("m-1", G_A1, "理".repeat(200)));
    }

    @Test
    void aWithdrawalNeedsScopeAndAWritingRole() {
        givenMember("m-1", G_A1, ID, new WithdrawMember("m-1", "退休"), OP_B1)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new WithdrawMember("m-1", "退休"), as(Role.DPO, CITY))
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.FORBIDDEN));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, true));
    }

    @Test
    void aSecondWithdrawalIsAConflict() {
        givenWithdrawnMember(new WithdrawMember("m-1", "再次退会"), OP_A1)
                .expectNoEvents()
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    // === TransferMember ============================================================================

    @Test
    void aTransferMovesTheMemberAndItsVisibilityToTheTargetUnion() {
        fixture.givenCommands(sent(register("m-1", G_A1, ID), OP_A1))
                .when(new TransferMember("m-1", " " + CODE_B1 + " ", "  厦门另一家  公司 "), OP_A1)
                .expectSuccessfulHandlerExecution()
                .expectEvents(new MemberTransferred("m-1", G_A1, G_B1, "厦门另一家 公司"));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_B1, true));

        MemberTransferred transferred = new MemberTransferred("m-1", G_A1, G_B1, "厦门另一家 公司");
        // The target union's operator and district now see the member ...
        fixture.given(registered("m-1", G_A1, ID), transferred)
                .when(new RecordAuthorisation("m-1", null, null), OP_B1)
                .expectEvents(new MemberAuthorisationRecorded("m-1", TODAY, username(Role.UNION_OPERATOR, G_B1),
                        null));
        fixture.given(registered("m-1", G_A1, ID), transferred)
                .when(new RecordAuthorisation("m-1", null, null), REVIEWER_B)
                .expectSuccessfulHandlerExecution();
        // ... the old union's operator and district no longer do.
        fixture.given(registered("m-1", G_A1, ID), transferred)
                .when(new RecordAuthorisation("m-1", null, null), OP_A1)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        fixture.given(registered("m-1", G_A1, ID), transferred)
                .when(new WithdrawMember("m-1", "退休"), REVIEWER_A)
                .expectNoEvents().expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        // The employer name came with the transfer: giving it again changes nothing.
        Form sameEmployer = MemberData.patch();
        sameEmployer.employerName = "厦门另一家 公司";
        fixture.given(registered("m-1", G_A1, ID), transferred)
                .when(new CorrectMemberInfo("m-1", 1L, sameEmployer.build()), OP_B1)
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void aTransferWithoutANewEmployerKeepsTheEmployer() {
        givenMember("m-1", G_A1, ID, new TransferMember("m-1", CODE_A2, null), REVIEWER_A)
                .expectEvents(new MemberTransferred("m-1", G_A1, G_A2, null));
        Form sameEmployer = MemberData.patch();
        sameEmployer.employerName = "厦门某某科技有限公司";
        fixture.given(registered("m-1", G_A1, ID), new MemberTransferred("m-1", G_A1, G_A2, null))
                .when(new CorrectMemberInfo("m-1", 1L, sameEmployer.build()), OP_A2)
                .expectNoEvents();
    }

    @Test
    void anUnknownOrNonGrassrootsCodeIsRefused() {
        index.add("m-1", G_A1, ID);
        for (String code : Arrays.asList("0999999", "02", "01", "00", "", null)) {
            fixture.given(registered("m-1", G_A1, ID))
                    .when(new TransferMember("m-1", code, null), OP_A1)
                    .expectNoEvents()
                    .expectException(invalidFields("toSystemCode"));
        }
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, true));
    }

    @Test
    void aTransferToTheMembersOwnUnionIsAConflict() {
        givenMember("m-1", G_A1, ID, new TransferMember("m-1", CODE_A1, null), OP_A1)
                .expectNoEvents()
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
    }

    @Test
    void aWithdrawnMemberCannotBeTransferred() {
        givenWithdrawnMember(new TransferMember("m-1", CODE_B1, null), OP_A1)
                .expectNoEvents()
                .expectException(problem(RegistryProblem.Kind.CONFLICT));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, false));
    }

    @Test
    void theTargetUnionCannotPullAMemberItDoesNotSee() {
        givenMember("m-1", G_A1, ID, new TransferMember("m-1", CODE_B1, null), OP_B1)
                .expectNoEvents()
                .expectException(problem(RegistryProblem.Kind.NOT_FOUND));
        fixture.given(registered("m-1", G_A1, ID))
                .when(new TransferMember("m-1", CODE_B1, null), as(Role.AUDITOR, CITY))
                .expectNoEvents()
                .expectException(problem(RegistryProblem.Kind.FORBIDDEN));
        assertThat(index.find("m-1")).contains(new MembershipIndex.Entry("m-1", G_A1, true));
    }

    /**
     * The new employer name becomes the member's {@code employerName}, which the member form
     * checks (2–200 characters, no control characters). A transfer must not store a value the
     * form would refuse: every later correction re-checks the whole form and would fail on it.
     */
    @Test
    void aTransferRefusesAnEmployerNameTheMemberFormWouldRefuse() {
        index.add("m-1", G_A1, ID);
        for (String employer : List.of("某", "厂".repeat(201), "某某\u0007公司")) {
            fixture.given(registered("m-1", G_A1, ID))
                    .when(new TransferMember("m-1", CODE_B1, employer), OP_A1)
                    .expectNoEvents()
                    .expectException(invalidFields("newEmployerName"));
        }
    }
}
