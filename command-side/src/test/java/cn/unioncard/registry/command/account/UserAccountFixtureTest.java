package cn.unioncard.registry.command.account;

import cn.unioncard.registry.command.TestDatabase;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.AccountLocked;
import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.AuthenticationResult;
import cn.unioncard.registry.events.account.ChangePassword;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.LoginFailed;
import cn.unioncard.registry.events.account.LoginRefusedWhileLocked;
import cn.unioncard.registry.events.account.LoginSucceeded;
import cn.unioncard.registry.events.account.PasswordChanged;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UserAccountCreated;
import cn.unioncard.registry.events.audit.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violation;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts: opening them within scope, logging in, lockout after five failures, password changes. */
class UserAccountFixtureTest {

    static final String CITY = "city-1";
    static final String DISTRICT_A = "district-a";
    static final String DISTRICT_B = "district-b";
    static final String GRASSROOTS_A = "g-a";
    static final String PASSWORD = "Initial-Pass-1";

    AggregateTestFixture<UserAccount> fixture;
    MutableClock clock;
    PasswordEncoder encoder;
    Credentials credentials;

    /** A clock the test moves forward, to let a lock expire. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-27T02:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void setUp() {
        JdbcTemplate jdbc = TestDatabase.jdbc();
        UnionTree tree = new UnionTree(jdbc);
        tree.add(CITY, null, UnionLevel.CITY);
        tree.add(DISTRICT_A, CITY, UnionLevel.DISTRICT);
        tree.add(DISTRICT_B, CITY, UnionLevel.DISTRICT);
        tree.add(GRASSROOTS_A, DISTRICT_A, UnionLevel.GRASSROOTS);
        clock = new MutableClock();
        encoder = new BCryptPasswordEncoder(4);
        credentials = new Credentials(jdbc);
        fixture = new AggregateTestFixture<>(UserAccount.class);
        fixture.registerInjectableResource(credentials);
        fixture.registerInjectableResource(encoder);
        fixture.registerInjectableResource(clock);
        fixture.registerAnnotatedCommandHandler(
                new AccountCommandHandler(fixture.getRepository(), credentials, tree, new OneTimePasswords(encoder),
                        clock));
    }

    static Map<String, ?> as(Role role, String organisation) {
        return AuditMetadata.of(new Actor("someone", role, organisation, "127.0.0.1", "corr-1", null));
    }

    static Matcher<Object> satisfying(Consumer<Object> check) {
        return new CustomMatcher<>("a value passing the test's checks") {
            @Override
            public boolean matches(Object item) {
                try {
                    check.accept(item);
                    return true;
                } catch (AssertionError | ClassCastException e) {
                    return false;
                }
            }
        };
    }

    private void existingOperator() {
        credentials.create("0100001", encoder.encode(PASSWORD), clock.instant());
    }

    private UserAccountCreated operatorCreated() {
        return new UserAccountCreated("0100001", "某工会", Role.UNION_OPERATOR, GRASSROOTS_A, true);
    }

    // --- opening accounts ----------------------------------------------------------------------

    @Test
    void aReviewerOpensAnOperatorAccountUnderItsDistrict() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount("0100001", "某工会", Role.UNION_OPERATOR, GRASSROOTS_A,
                        encoder.encode(PASSWORD), true), as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectEvents(operatorCreated());
        assertThat(credentials.hashOf("0100001")).hasValueSatisfying(h -> assertThat(encoder.matches(PASSWORD, h)).isTrue());
    }

    @Test
    void aReviewerCannotOpenAccountsElsewhereOrOfHigherRoles() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount("0100001", "x", Role.UNION_OPERATOR, GRASSROOTS_A, "h", true),
                        as(Role.DISTRICT_REVIEWER, DISTRICT_B))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.NOT_FOUND)));
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount("auditor1", "x", Role.AUDITOR, CITY, "h", true),
                        as(Role.DISTRICT_REVIEWER, DISTRICT_A))
                .expectNoEvents()
                .expectException(RegistryProblem.class);
        assertThat(credentials.hashOf("0100001")).isEmpty();
    }

    @Test
    void aRoleBelongsToAUnionOfItsLevel() {
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount("rev1", "x", Role.DISTRICT_REVIEWER, GRASSROOTS_A, "h", true),
                        as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::code).containsExactly("role.wrong-level")));
    }

    @Test
    void userNamesAreUniqueAndWellFormed() {
        existingOperator();
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount("0100001", "x", Role.UNION_OPERATOR, GRASSROOTS_A, "h", true),
                        as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.CONFLICT)));
        fixture.givenNoPriorActivity()
                .when(new CreateUserAccount("x y", "x", null, null, "h", true), as(Role.CITY_ADMIN, CITY))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::field).containsExactly("username", "role", "unionId")));
    }

    // --- logging in ---------------------------------------------------------------------------------

    @Test
    void theRightPasswordLogsIn() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new AuthenticateUser("0100001", PASSWORD))
                .expectEvents(new LoginSucceeded("0100001"))
                .expectResultMessagePayload(new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED,
                        "0100001", Role.UNION_OPERATOR, GRASSROOTS_A, true, null));
    }

    @Test
    void aWrongPasswordIsRecordedAndCounted() {
        existingOperator();
        fixture.given(operatorCreated(), new LoginFailed("0100001", 1), new LoginFailed("0100001", 2))
                .when(new AuthenticateUser("0100001", "wrong-password"))
                .expectEvents(new LoginFailed("0100001", 3))
                .expectResultMessagePayload(AuthenticationResult.failed("0100001"));
    }

    @Test
    void theFifthWrongPasswordInARowLocksTheAccountForFifteenMinutes() {
        existingOperator();
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        fixture.given(operatorCreated(), new LoginFailed("0100001", 1), new LoginFailed("0100001", 2),
                        new LoginFailed("0100001", 3), new LoginFailed("0100001", 4))
                .when(new AuthenticateUser("0100001", "wrong-password"))
                .expectEvents(new LoginFailed("0100001", 5), new AccountLocked("0100001", until))
                .expectResultMessagePayload(AuthenticationResult.locked("0100001", until));
    }

    @Test
    void aSuccessResetsTheCount() {
        existingOperator();
        fixture.given(operatorCreated(), new LoginFailed("0100001", 1), new LoginFailed("0100001", 2),
                        new LoginFailed("0100001", 3), new LoginFailed("0100001", 4), new LoginSucceeded("0100001"))
                .when(new AuthenticateUser("0100001", "wrong-password"))
                .expectEvents(new LoginFailed("0100001", 1));
    }

    @Test
    void aLockedAccountRefusesEvenTheRightPasswordUntilTheLockEnds() {
        existingOperator();
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        fixture.given(operatorCreated(), new AccountLocked("0100001", until))
                .when(new AuthenticateUser("0100001", PASSWORD))
                .expectEvents(new LoginRefusedWhileLocked("0100001", until))
                .expectResultMessagePayload(AuthenticationResult.locked("0100001", until));

        clock.now = until.plusSeconds(1);
        fixture.given(operatorCreated(), new AccountLocked("0100001", until))
                .when(new AuthenticateUser("0100001", PASSWORD))
                .expectEvents(new LoginSucceeded("0100001"));
    }

    @Test
    void anOverlongPasswordIsAFailureNotAnError() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new AuthenticateUser("0100001", "x".repeat(100)))
                .expectEvents(new LoginFailed("0100001", 1));
    }

    // --- changing the password -----------------------------------------------------------------

    @Test
    void changingThePasswordReplacesTheHashAndEndsTheForcedChange() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", PASSWORD, "A-new-secret-42"))
                .expectEvents(new PasswordChanged("0100001"));
        String hash = credentials.hashOf("0100001").orElseThrow();
        assertThat(encoder.matches("A-new-secret-42", hash)).isTrue();
        assertThat(encoder.matches(PASSWORD, hash)).isFalse();

        fixture.given(operatorCreated(), new PasswordChanged("0100001"))
                .when(new AuthenticateUser("0100001", "A-new-secret-42"))
                .expectResultMessagePayload(new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED,
                        "0100001", Role.UNION_OPERATOR, GRASSROOTS_A, false, null));
    }

    @Test
    void aWeakNewPasswordIsRefusedWithItsReasonAndChangesNothing() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", PASSWORD, "short"))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::code).containsExactly("password.too-short")));
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", PASSWORD, PASSWORD))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(Violation::code).containsExactly("password.unchanged")));
        assertThat(encoder.matches(PASSWORD, credentials.hashOf("0100001").orElseThrow())).isTrue();
    }

    @Test
    void aWrongCurrentPasswordCountsLikeAWrongLoginAndLocksAtTheFifth() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", "not-the-password", "A-new-secret-42"))
                .expectEvents(new LoginFailed("0100001", 1))
                .expectResultMessagePayload(AuthenticationResult.failed("0100001"));
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        fixture.given(operatorCreated(), new LoginFailed("0100001", 1), new LoginFailed("0100001", 2),
                        new LoginFailed("0100001", 3), new LoginFailed("0100001", 4))
                .when(new ChangePassword("0100001", "not-the-password", "A-new-secret-42"))
                .expectEvents(new LoginFailed("0100001", 5), new AccountLocked("0100001", until));
        fixture.given(operatorCreated(), new AccountLocked("0100001", until))
                .when(new ChangePassword("0100001", PASSWORD, "A-new-secret-42"))
                .expectEvents(new LoginRefusedWhileLocked("0100001", until))
                .expectResultMessagePayload(AuthenticationResult.locked("0100001", until));
        assertThat(encoder.matches(PASSWORD, credentials.hashOf("0100001").orElseThrow())).isTrue();
    }
}
