package cn.unioncard.registry.command.union;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.account.OneTimePasswords;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.codes.Industry;
import cn.unioncard.registry.events.codes.IndustryEdition;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.CreditCodeOverride;
import cn.unioncard.registry.events.union.RegisterUnion;
import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.events.union.UnionRegistration;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;
import cn.unioncard.registry.events.union.UpdateUnionProfile;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.ResultValidator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command and event of the union aggregate, accepted and refused. The lookup behind the
 * handler (tree, system codes) runs on a real PostgreSQL.
 */
class UnionFixtureTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneId.of("Asia/Shanghai"));
    static final LocalDate TODAY = LocalDate.now(CLOCK);
    static final String CITY = "city-1";
    static final String DISTRICT_A = "district-a";
    static final String DISTRICT_B = "district-b";

    AggregateTestFixture<Union> fixture;
    UnionTree tree;
    List<CommandMessage<?>> sentAccounts;

    @BeforeEach
    void setUp() {
        tree = new UnionTree(Lookups.emptied());
        tree.add(CITY, null, UnionLevel.CITY);
        assertThat(tree.add(DISTRICT_A, CITY, UnionLevel.DISTRICT)).isEqualTo("01");
        assertThat(tree.add(DISTRICT_B, CITY, UnionLevel.DISTRICT)).isEqualTo("02");

        fixture = new AggregateTestFixture<>(Union.class);
        sentAccounts = new ArrayList<>();
        // The operator account is another aggregate's business: record what would be sent to it.
        fixture.getCommandBus().subscribe(CreateUserAccount.class.getName(), m -> {
            sentAccounts.add(m);
            return null;
        });
        var gateway = DefaultCommandGateway.builder().commandBus(fixture.getCommandBus()).build();
        fixture.registerAnnotatedCommandHandler(new UnionCommandHandler(fixture.getRepository(), tree, gateway,
                new OneTimePasswords(new BCryptPasswordEncoder(4)), CLOCK));
    }

    static Map<String, ?> as(Role role, String organisation) {
        return AuditMetadata.of(new Actor("user-" + role.name().toLowerCase(), role, organisation, "127.0.0.1",
                "corr-1", null));
    }

    static UnionForm grassroots(String parentId, String creditCode, String overrideReason) {
        return new UnionForm(parentId, UnionLevel.GRASSROOTS, " 厦门某某科技有限公司工会委员会 ", "厦门某某科技有限公司",
                "MA2Y8Q4B-1", creditCode, null, null, null, "07", "厦门市思明区软件园二期", "4", "2010-05", true,
                "张三", false, "人事经理", "0592-2661038", 7, 1, 3, 1, 300, 280, 40, 10, "350200123", 290,
                true, false, "李四", "138 1234 5678", LocalDate.of(2026, 11, 20), overrideReason);
    }

    static UnionProfile expectedProfile(String creditCode) {
        return new UnionProfile("厦门某某科技有限公司工会委员会", "厦门某某科技有限公司", "MA2Y8Q4B-1", creditCode, null,
                null, new Industry(IndustryEdition.GB_T_4754_2002, "07"), "厦门市思明区软件园二期", "4",
                java.time.YearMonth.of(2010, 5), true, "张三", false, "人事经理", "0592-2661038", 7, 1, 3, 1, 300,
                280, 40, 10, "350200123", 290, true, false, "李四", "13812345678", LocalDate.of(2026, 11, 20));
    }

    private ResultValidator<Union> register(String unionId, UnionForm form, Map<String, ?> actor) {
        return fixture.givenNoPriorActivity().when(new RegisterUnion(unionId, form), actor);
    }

    /** A matcher that passes when the AssertJ checks inside pass. */
    static org.hamcrest.Matcher<Object> satisfying(java.util.function.Consumer<Throwable> check) {
        return new org.hamcrest.CustomMatcher<>("an exception passing the test's checks") {
            @Override
            public boolean matches(Object item) {
                try {
                    check.accept((Throwable) item);
                    return true;
                } catch (AssertionError | ClassCastException e) {
                    return false;
                }
            }
        };
    }

    static org.hamcrest.Matcher<Object> registrationSatisfying(java.util.function.Consumer<UnionRegistration> check) {
        return new org.hamcrest.CustomMatcher<>("a registration passing the checks") {
            @Override
            public boolean matches(Object item) {
                try {
                    check.accept((UnionRegistration) item);
                    return true;
                } catch (AssertionError | ClassCastException e) {
                    return false;
                }
            }
        };
    }

    private static List<String> failingFields(Throwable t) {
        return ((InvalidInputException) t).violations().stream().map(Violation::field).toList();
    }

    @Test
    void cityAdminRegistersADistrictWhichGetsTheNextTwoDigitCode() {
        UnionForm form = UnionForm.named(CITY, UnionLevel.DISTRICT, "湖里区总工会");
        register("district-c", form, as(Role.CITY_ADMIN, CITY))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new UnionRegistered("district-c", CITY, UnionLevel.DISTRICT,
                                new UnionProfile("湖里区总工会", null, null, null, null, null, null, null, null, null,
                                        null, null, null, null, null, null, null, null, null, null, null, null, null,
                                        null, null, null, null, null, null, TODAY), List.of()),
                        new UnionSystemCodeAssigned("district-c", "03"))
                .expectResultMessagePayload(new UnionRegistration("district-c", "03", null, null));
        assertThat(sentAccounts).isEmpty();
    }

    @Test
    void reviewerRegistersAGrassrootsUnionWithAFullFormAndItsOperatorAccount() {
        String credit = "91440300708461136T";
        register("g-1", grassroots(DISTRICT_A, credit, null), as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new UnionRegistered("g-1", DISTRICT_A, UnionLevel.GRASSROOTS, expectedProfile(credit),
                                List.of()),
                        new UnionSystemCodeAssigned("g-1", "0100001"))
                .expectResultMessagePayloadMatching(registrationSatisfying(r -> {
                    assertThat(r.systemCode()).isEqualTo("0100001");
                    assertThat(r.operatorUsername()).isEqualTo("0100001");
                    assertThat(r.oneTimePassword()).hasSizeGreaterThanOrEqualTo(10);
                }));

        assertThat(sentAccounts).hasSize(1);
        CreateUserAccount account = (CreateUserAccount) sentAccounts.get(0).getPayload();
        assertThat(account.username()).isEqualTo("0100001");
        assertThat(account.role()).isEqualTo(Role.UNION_OPERATOR);
        assertThat(account.organisationId()).isEqualTo("g-1");
        assertThat(account.passwordChangeRequired()).isTrue();
        assertThat(account.passwordHash()).startsWith("$2");
    }

    @Test
    void systemCodesCountOnPerDistrict() {
        register("g-1", grassroots(DISTRICT_A, null, null), as(Role.CITY_ADMIN, CITY))
                .expectEvents(new UnionRegistered("g-1", DISTRICT_A, UnionLevel.GRASSROOTS, expectedProfile(null),
                        List.of()), new UnionSystemCodeAssigned("g-1", "0100001"));
        register("g-2", grassroots(DISTRICT_A, null, null), as(Role.CITY_ADMIN, CITY))
                .expectEvents(new UnionRegistered("g-2", DISTRICT_A, UnionLevel.GRASSROOTS, expectedProfile(null),
                        List.of()), new UnionSystemCodeAssigned("g-2", "0100002"));
        register("g-3", grassroots(DISTRICT_B, null, null), as(Role.CITY_ADMIN, CITY))
                .expectEvents(new UnionRegistered("g-3", DISTRICT_B, UnionLevel.GRASSROOTS, expectedProfile(null),
                        List.of()), new UnionSystemCodeAssigned("g-3", "0200001"));
    }

    @Test
    void aFailingCreditCodeCheckNeedsAReasonWhichIsThenRecorded() {
        String failing = "91350200612003327R"; // well-formed, check character should be P
        register("g-1", grassroots(DISTRICT_A, failing, null), as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::code).contains("social-credit-code.check-character")));

        register("g-1", grassroots(DISTRICT_A, failing, "2015年前颁发的旧证照，经核对营业执照原件无误"),
                as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectEvents(new UnionRegistered("g-1", DISTRICT_A, UnionLevel.GRASSROOTS, expectedProfile(failing),
                                List.of(new CreditCodeOverride("employerCreditCode",
                                        "2015年前颁发的旧证照，经核对营业执照原件无误"))),
                        new UnionSystemCodeAssigned("g-1", "0100001"));
    }

    @Test
    void anOverrideReasonIsFreeTextWithItsRules() {
        String failing = "91350200612003327R";
        for (String reason : List.of("旧证照\u202E无误", "旧证照\u0000", "旧".repeat(501))) {
            register("g-1", grassroots(DISTRICT_A, failing, reason), as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                    .expectNoEvents()
                    .expectException(satisfying(e -> assertThat(failingFields(e)).contains("creditCodeOverrideReason")));
        }
    }

    @Test
    void everyFailingFieldIsReportedAtOnceAndNothingIsRegistered() {
        UnionForm bad = new UnionForm(DISTRICT_A, UnionLevel.GRASSROOTS, "工", null, "12345678-0", "91440300708461136",
                null, null, "GB_T_1999", "07", null, "13", "2030-01", null, null, null, null, "12", 5, 6, 2, 3, 10,
                11, -1, null, null, 11, null, null, null, null, TODAY.plusDays(1), null);
        register("g-1", bad, as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectNoEvents()
                .expectException(InvalidInputException.class)
                .expectException(satisfying(e -> assertThat(failingFields(e)).contains(
                        "name", "employerOrganisationCode", "employerCreditCode", "industryEdition", "address",
                        "unitCategory", "founded", "chairPhone", "committeeFullTime", "cadresFullTime", "members",
                        "migrantWorkers", "insuredStaff", "filledBy", "filledByPhone", "filledOn")));
        assertThat(tree.find("g-1")).isEmpty();
        assertThat(sentAccounts).isEmpty();
    }

    @Test
    void aReviewerCannotRegisterUnderAnotherDistrictAndDoesNotLearnItExists() {
        register("g-1", grassroots(DISTRICT_B, null, null), as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.NOT_FOUND)));
    }

    @Test
    void levelsMustFollowTheTree() {
        register("g-1", grassroots(CITY, null, null), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(failingFields(e)).containsExactly("level")));
        register("d-1", UnionForm.named(DISTRICT_A, UnionLevel.DISTRICT, "某产业工会"), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(InvalidInputException.class);
        register("d-1", UnionForm.named(null, null, "某产业工会"), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(failingFields(e)).containsExactly("level", "parentId")));
    }

    @Test
    void onlyTheCityAdminCreatesDistrictsAndNobodyCreatesASecondCity() {
        register("d-1", UnionForm.named(CITY, UnionLevel.DISTRICT, "某产业工会"), as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
        register("c-2", UnionForm.named(null, UnionLevel.CITY, "另一个市总"), as(Role.SYSTEM, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.FORBIDDEN)));
        register("c-2", UnionForm.named(null, UnionLevel.CITY, "另一个市总"), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
    }

    @Test
    void readOnlyAndOperatorRolesCannotRegister() {
        for (Role role : List.of(Role.AUDITOR, Role.DPO)) {
            register("g-1", grassroots(DISTRICT_A, null, null), as(role, CITY))
                    .expectNoEvents()
                    .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                            .isEqualTo(RegistryProblem.Kind.FORBIDDEN)));
        }
        register("g-1", grassroots(DISTRICT_A, null, null), as(Role.BANK_OPERATOR, CITY))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
    }

    // --- profile updates -------------------------------------------------------------------

    private ResultValidator<Union> givenGrassroots(UnionProfile profile, UpdateUnionProfile update,
                                                   Map<String, ?> actor) {
        tree.add("g-1", DISTRICT_A, UnionLevel.GRASSROOTS);
        return fixture.given(new UnionRegistered("g-1", DISTRICT_A, UnionLevel.GRASSROOTS, profile, List.of()),
                        new UnionSystemCodeAssigned("g-1", "0100001"))
                .when(update, actor);
    }

    @Test
    void aReviewerCorrectsTheProfileAtTheCurrentVersion() {
        UnionForm corrected = grassroots(DISTRICT_A, "91440300708461136T", null);
        givenGrassroots(expectedProfile(null), new UpdateUnionProfile("g-1", 1L, corrected),
                as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectEvents(new UnionProfileUpdated("g-1", expectedProfile("91440300708461136T"), List.of()))
                .expectResultMessagePayload(2L);
    }

    @Test
    void aStaleVersionIsRefused() {
        givenGrassroots(expectedProfile(null), new UpdateUnionProfile("g-1", 0L, grassroots(DISTRICT_A, null, null)),
                as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    @Test
    void anUpdateOutsideTheCallersSubtreeIsNotFound() {
        givenGrassroots(expectedProfile(null), new UpdateUnionProfile("g-1", 1L, grassroots(DISTRICT_A, null, null)),
                as(Role.DISTRICT_REVIEWER, DISTRICT_B))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.NOT_FOUND)));
    }

    @Test
    void operatorsAndAuditorsCannotChangeTheProfile() {
        givenGrassroots(expectedProfile(null), new UpdateUnionProfile("g-1", 1L, grassroots(DISTRICT_A, null, null)),
                as(Role.UNION_OPERATOR, "g-1"))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.FORBIDDEN)));
    }

    @Test
    void parentAndLevelCannotChange() {
        givenGrassroots(expectedProfile(null), new UpdateUnionProfile("g-1", 1L, grassroots(DISTRICT_B, null, null)),
                as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(failingFields(e)).containsExactly("parentId")));
    }

    @Test
    void anInvalidCorrectionChangesNothing() {
        UnionForm bad = new UnionForm(null, null, "厦门某某科技有限公司工会委员会", null, null, null, null, null, null, "99",
                "厦门", "4", null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, "李四", "12345", null, null);
        givenGrassroots(expectedProfile(null), new UpdateUnionProfile("g-1", 1L, bad), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(failingFields(e))
                        .containsExactlyInAnyOrder("industryCode", "filledByPhone")));
    }
}
