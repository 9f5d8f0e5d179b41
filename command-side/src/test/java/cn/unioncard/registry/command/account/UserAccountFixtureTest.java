package cn.unioncard.registry.command.account;

import cn.unioncard.registry.command.Lookups;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.AccountLocked;
import cn.unioncard.registry.events.account.AccountUnlocked;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.AddressLockedOut;
import cn.unioncard.registry.events.account.AuthenticateUser;
import cn.unioncard.registry.events.account.AuthenticationResult;
import cn.unioncard.registry.events.account.ChangePassword;
import cn.unioncard.registry.events.account.CreateUserAccount;
import cn.unioncard.registry.events.account.LoginFailed;
import cn.unioncard.registry.events.account.LoginSucceeded;
import cn.unioncard.registry.events.account.PasswordChanged;
import cn.unioncard.registry.events.account.PasswordReset;
import cn.unioncard.registry.events.account.ResetPassword;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UnlockAccount;
import cn.unioncard.registry.events.account.UserAccountCreated;
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
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts: opening them within scope, logging in, the locks (per address, per account from unknown
 * addresses, per address over all names), unlocking, resetting passwords, token revocation and the
 * password rules.
 */
class UserAccountFixtureTest {

    static final String CITY = "city-1";
    static final String DISTRICT_A = "district-a";
    static final String DISTRICT_B = "district-b";
    static final String GRASSROOTS_A = "g-a";
    static final String PASSWORD = "Initial-Pass-1";

    /** An HMAC under a key of the test's own, as the application's bean is under the master key. */
    static final LoginNameKey TEST_NAME_KEY = name -> {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec("test-key".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    };

    AggregateTestFixture<UserAccount> fixture;
    MutableClock clock;
    PasswordEncoder encoder;
    Credentials credentials;
    LoginThrottle throttle;
    JdbcTemplate jdbc;

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
        jdbc = Lookups.emptied();
        UnionTree tree = new UnionTree(jdbc);
        tree.add(CITY, null, UnionLevel.CITY);
        tree.add(DISTRICT_A, CITY, UnionLevel.DISTRICT);
        tree.add(DISTRICT_B, CITY, UnionLevel.DISTRICT);
        tree.add(GRASSROOTS_A, DISTRICT_A, UnionLevel.GRASSROOTS);
        clock = new MutableClock();
        encoder = new BCryptPasswordEncoder(4);
        credentials = new Credentials(jdbc);
        throttle = new LoginThrottle(jdbc, TEST_NAME_KEY, clock);
        fixture = new AggregateTestFixture<>(UserAccount.class);
        fixture.registerInjectableResource(credentials);
        fixture.registerInjectableResource(encoder);
        fixture.registerInjectableResource(clock);
        fixture.registerAnnotatedCommandHandler(
                new AccountCommandHandler(fixture.getRepository(), credentials, tree, new OneTimePasswords(encoder),
                        throttle, encoder, clock));
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

    static final String OWNER_ADDRESS = "10.0.0.1";

    static Map<String, ?> from(String address) {
        return AuditMetadata.of(new Actor("0100001", Role.ANONYMOUS, null, address, "corr-2", "login"));
    }

    /** One login attempt on the operator's account; answers what the handler answered. */
    private AuthenticationResult login(String username, String password, String address) {
        AtomicReference<Object> answer = new AtomicReference<>();
        fixture.given(operatorCreated())
                .when(new AuthenticateUser(username, password), from(address))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(satisfying(answer::set));
        return (AuthenticationResult) answer.get();
    }

    private AuthenticationResult login(String password, String address) {
        return login("0100001", password, address);
    }

    private AuthenticationResult.Outcome outcome(String password, String address) {
        return login(password, address).outcome();
    }

    @Test
    void theRightPasswordLogsInWithTheAccountsTokenVersion() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new AuthenticateUser("0100001", PASSWORD), from(OWNER_ADDRESS))
                .expectEvents(new LoginSucceeded("0100001"))
                .expectResultMessagePayload(new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED,
                        "0100001", Role.UNION_OPERATOR, GRASSROOTS_A, true, null, 0));
    }

    @Test
    void fiveWrongPasswordsFromOneAddressLockOnlyThatAddressForFifteenMinutes() {
        existingOperator();
        for (int i = 1; i <= 4; i++) {
            fixture.given(operatorCreated())
                    .when(new AuthenticateUser("0100001", "wrong-password"), from("10.9.9.9"))
                    .expectEvents(new LoginFailed("0100001", i))
                    .expectResultMessagePayload(AuthenticationResult.failed("0100001"));
        }
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        fixture.given(operatorCreated())
                .when(new AuthenticateUser("0100001", "wrong-password"), from("10.9.9.9"))
                .expectEvents(new LoginFailed("0100001", 5), new AddressLockedOut("0100001", "10.9.9.9", until))
                .expectResultMessagePayload(AuthenticationResult.locked("0100001", until));
        // Even the right password is refused from there, unchecked and unrecorded ...
        fixture.given(operatorCreated())
                .when(new AuthenticateUser("0100001", PASSWORD), from("10.9.9.9"))
                .expectNoEvents()
                .expectResultMessagePayload(AuthenticationResult.locked("0100001", until));
        // ... while the owner elsewhere logs in, and the locked address may again once the lock is over.
        assertThat(outcome(PASSWORD, OWNER_ADDRESS)).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
        clock.now = until.plusSeconds(1);
        assertThat(outcome(PASSWORD, "10.9.9.9")).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
    }

    @Test
    void aSuccessStartsTheAddressesCountAgain() {
        existingOperator();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThat(outcome("wrong-password", OWNER_ADDRESS)).isEqualTo(AuthenticationResult.Outcome.FAILED);
            }
            assertThat(outcome(PASSWORD, OWNER_ADDRESS)).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
        }
    }

    @Test
    void aNameWithoutAnAccountIsAnsweredExactlyLikeAWrongPasswordAndLeavesNoEvents() {
        existingOperator();
        for (int i = 1; i <= 7; i++) {
            AuthenticationResult wrong = login("0100001", "wrong-password", "10.1.1.1");
            AtomicReference<Object> unknown = new AtomicReference<>();
            fixture.given(operatorCreated())
                    .when(new AuthenticateUser("0100099", "wrong-password"), from("10.1.1.2"))
                    .expectNoEvents()
                    .expectResultMessagePayloadMatching(satisfying(unknown::set));
            AuthenticationResult nobody = (AuthenticationResult) unknown.get();
            assertThat(nobody.outcome()).as("attempt %d", i).isEqualTo(wrong.outcome());
            assertThat(nobody.lockedUntil()).as("attempt %d", i).isEqualTo(wrong.lockedUntil());
            assertThat(nobody.role()).isNull();
        }
        assertThat(login("0100001", "wrong-password", "10.1.1.1").outcome())
                .isEqualTo(AuthenticationResult.Outcome.LOCKED);
    }

    /** Twenty failures from addresses that never logged in, no more than four from each. */
    private void failuresFromStrangers(String prefix) {
        for (int a = 1; a <= LoginThrottle.ACCOUNT_LIMIT / 4; a++) {
            for (int i = 0; i < 4; i++) {
                login("wrong-password", prefix + a);
            }
        }
    }

    @Test
    void failuresFromManyUnknownAddressesLockTheAccountForStrangersOnlyAndKeepItsTokens() {
        existingOperator();
        assertThat(outcome(PASSWORD, OWNER_ADDRESS)).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
        assertThat(credentials.tokenVersion("0100001")).isZero();
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        for (int a = 1; a <= 4; a++) {
            for (int i = 0; i < 4; i++) {
                login("wrong-password", "10.2.0." + a);
            }
        }
        for (int i = 0; i < 3; i++) {
            login("wrong-password", "10.2.0.5");
        }
        fixture.given(operatorCreated())
                .when(new AuthenticateUser("0100001", "wrong-password"), from("10.2.0.5"))
                .expectEvents(new LoginFailed("0100001", 4), new AccountLocked("0100001", until))
                .expectResultMessagePayload(AuthenticationResult.locked("0100001", until));
        // Anyone who knows the name can start this lock: it must not log the owner out.
        assertThat(credentials.tokenVersion("0100001")).as("token version after a stranger lock").isZero();

        assertThat(login(PASSWORD, "10.3.0.1")).isEqualTo(AuthenticationResult.locked("0100001", until));
        AuthenticationResult owner = login(PASSWORD, OWNER_ADDRESS);
        assertThat(owner.outcome()).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
        assertThat(owner.tokenVersion()).isZero();
    }

    @Test
    void aNameWithoutAnAccountIsLockedForStrangersJustLikeAnAccount() {
        existingOperator();
        for (String name : List.of("0100001", "0100099")) {
            for (int a = 1; a <= LoginThrottle.ACCOUNT_LIMIT / 4; a++) {
                for (int i = 0; i < 4; i++) {
                    login(name, "wrong-password", "10.3." + name.charAt(6) + "." + a);
                }
            }
        }
        AuthenticationResult real = login("0100001", "wrong-password", "10.3.9.1");
        AuthenticationResult unknown = login("0100099", "wrong-password", "10.3.9.2");
        assertThat(real.outcome()).isEqualTo(AuthenticationResult.Outcome.LOCKED);
        assertThat(unknown).isEqualTo(AuthenticationResult.locked("0100099", real.lockedUntil()));
    }

    @Test
    void aFurtherStrangerLockLastsFifteenMinutesAgainNeverLonger() {
        existingOperator();
        for (int round = 0; round < 3; round++) {
            failuresFromStrangers("10.4." + round + ".");
            Instant until = clock.instant().plus(Duration.ofMinutes(15));
            assertThat(login(PASSWORD, "10.4.9.9").lockedUntil()).as("lock %d", round + 1).isEqualTo(until);
            clock.now = until.plusSeconds(1);
        }
    }

    @Test
    void theThrottleKeepsNoNameInClearAndForgetsOldRowsByTheClock() {
        existingOperator();
        login("0100001", "wrong-password", "10.12.0.1");
        login("typed-my-password", "wrong-password", "10.12.0.1");
        List<String> kept = jdbc.queryForList("select username from login_throttle", String.class);
        assertThat(kept).isNotEmpty().doesNotContain("0100001", "typed-my-password")
                .contains(TEST_NAME_KEY.of("typed-my-password"));

        lockedOut("10.12.0.2");
        throttle.forgetOld(clock.instant().plus(LoginThrottle.FORGET_AFTER).plusSeconds(1));
        assertThat(jdbc.queryForList("select client_address from login_throttle", String.class))
                .as("rows left a day after their last failure").isEmpty();
    }

    /** A password change commits while a login's password check runs (as another request would). */
    @Test
    void aLoginWhosePasswordIsChangedDuringItsCheckGetsNoTokenValidAfterTheChange() {
        existingOperator();
        AtomicReference<Runnable> duringCheck = new AtomicReference<>(() -> { });
        PasswordEncoder racing = new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return encoder.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String hash) {
                boolean matches = encoder.matches(raw, hash);
                duringCheck.getAndSet(() -> { }).run();
                return matches;
            }
        };
        fixture = new AggregateTestFixture<>(UserAccount.class);
        fixture.registerAnnotatedCommandHandler(new AccountCommandHandler(fixture.getRepository(), credentials,
                new UnionTree(jdbc), new OneTimePasswords(encoder), throttle, racing, clock));
        duringCheck.set(() -> credentials.replace("0100001", encoder.encode("Changed-Pass-2"), clock.instant()));
        AuthenticationResult result = login(PASSWORD, OWNER_ADDRESS);
        long current = credentials.tokenVersion("0100001");
        assertThat(current).isEqualTo(1);
        if (result.outcome() == AuthenticationResult.Outcome.SUCCEEDED) {
            assertThat(result.tokenVersion()).as("a token from the old password").isLessThan(current);
        }
    }

    @Test
    void manyNamesTriedFromOneAddressLockThatAddressForEveryName() {
        existingOperator();
        for (int n = 0; n < LoginThrottle.ADDRESS_LIMIT; n++) {
            login("01000" + (10 + n / 4), "wrong-password", "10.6.0.1");
        }
        Instant until = clock.instant().plus(LoginThrottle.ADDRESS_LOCK);
        assertThat(login(PASSWORD, "10.6.0.1")).isEqualTo(AuthenticationResult.locked("0100001", until));
        assertThat(outcome(PASSWORD, "10.6.0.2")).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
    }

    @Test
    void anIpv6ClientIsCountedByItsNetworkSoFreshAddressesDoNotBuyFreshTries() {
        assertThat(LoginThrottle.addressKey("2001:db8:1:2:aaaa::1"))
                .isEqualTo(LoginThrottle.addressKey("2001:db8:1:2:bbbb::7"))
                .isNotEqualTo(LoginThrottle.addressKey("2001:db8:1:3::1"));
        assertThat(LoginThrottle.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
        existingOperator();
        for (int i = 1; i <= 5; i++) {
            login("wrong-password", "2001:db8:1:2::" + Integer.toHexString(i));
        }
        assertThat(outcome(PASSWORD, "2001:db8:1:2::99")).isEqualTo(AuthenticationResult.Outcome.LOCKED);
    }

    @Test
    void anOverlongPasswordIsAFailureNotAnError() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new AuthenticateUser("0100001", "x".repeat(100)), from(OWNER_ADDRESS))
                .expectEvents(new LoginFailed("0100001", 1));
    }

    // --- unlocking ---------------------------------------------------------------------------------

    private void lockedOut(String address) {
        for (int i = 0; i < LoginThrottle.PAIR_LIMIT; i++) {
            login("wrong-password", address);
        }
        assertThat(outcome(PASSWORD, address)).isEqualTo(AuthenticationResult.Outcome.LOCKED);
    }

    @Test
    void theCityAdminOrTheDistrictAboveUnlocksAndTheUnlockIsRecorded() {
        existingOperator();
        for (Map<String, ?> who : List.of(as(Role.CITY_ADMIN, CITY), as(Role.DISTRICT_REVIEWER, DISTRICT_A))) {
            lockedOut("10.7.0.1");
            failuresFromStrangers("10.7.1.");
            fixture.given(operatorCreated())
                    .when(new UnlockAccount("0100001"), who)
                    .expectEvents(new AccountUnlocked("0100001"));
            assertThat(outcome(PASSWORD, "10.7.0.1")).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
            assertThat(outcome(PASSWORD, "10.7.2.1")).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
            jdbc.update("delete from login_known_address");
        }
    }

    @Test
    void anUnlockAlsoLiftsTheManyNamesLockOfAnAddressTheAccountLoggedInFrom() {
        existingOperator();
        assertThat(outcome(PASSWORD, "10.14.0.1")).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
        for (int n = 0; n < LoginThrottle.ADDRESS_LIMIT; n++) {
            login("01000" + (10 + n / 4), "wrong-password", "10.14.0.1");
        }
        assertThat(outcome(PASSWORD, "10.14.0.1")).isEqualTo(AuthenticationResult.Outcome.LOCKED);
        fixture.given(operatorCreated())
                .when(new UnlockAccount("0100001"), as(Role.CITY_ADMIN, CITY))
                .expectEvents(new AccountUnlocked("0100001"));
        assertThat(outcome(PASSWORD, "10.14.0.1")).isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
    }

    /** Two instances: one unlocks while the other counts a failure for the same name and address. */
    @Test
    void anUnlockAndAFailureOnAnotherInstanceTakeTheRowsInOneOrderSoNeitherDeadlocks() throws Exception {
        existingOperator();
        login("wrong-password", "10.13.0.1");
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<Future<?>> failing = new AtomicReference<>();
            tx.executeWithoutResult(unlock -> {
                // The unlock has taken the first of the name's rows when the failure starts.
                jdbc.queryForList("select 1 from login_throttle where username = ? and client_address = '*' for update",
                        TEST_NAME_KEY.of("0100001"));
                failing.set(other.submit(() -> tx.executeWithoutResult(login -> throttle.failed(
                        throttle.begin(throttle.attempt("0100001", "10.13.0.1", clock.instant()))))));
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throttle.clear("0100001");
            });
            failing.get().get(30, TimeUnit.SECONDS);
        } finally {
            other.shutdownNow();
        }
        assertThat(jdbc.queryForObject("select failures from login_throttle where username = ? and client_address = ?",
                Integer.class, TEST_NAME_KEY.of("0100001"), "10.13.0.1")).as("the failure counted after the unlock")
                .isEqualTo(1);
    }

    @Test
    void outsideItsSubtreeAnAccountIsNotFoundAndInsideItOnlyAdminsAndReviewersMayUnlock() {
        existingOperator();
        lockedOut("10.8.0.1");
        fixture.given(operatorCreated())
                .when(new UnlockAccount("0100001"), as(Role.DISTRICT_REVIEWER, DISTRICT_B))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.NOT_FOUND)));
        for (Map<String, ?> who : List.of(as(Role.UNION_OPERATOR, GRASSROOTS_A), as(Role.AUDITOR, CITY),
                as(Role.DPO, CITY))) {
            fixture.given(operatorCreated())
                    .when(new UnlockAccount("0100001"), who)
                    .expectNoEvents()
                    .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                            .isEqualTo(RegistryProblem.Kind.FORBIDDEN)));
        }
        assertThat(outcome(PASSWORD, "10.8.0.1")).isEqualTo(AuthenticationResult.Outcome.LOCKED);
    }

    // --- resetting the password -----------------------------------------------------------------

    /** A reset of the operator's password by {@code who} after {@code history}; answers the one-time password. */
    private String reset(Map<String, ?> who, Object... history) {
        AtomicReference<Object> answer = new AtomicReference<>();
        fixture.given(List.of(history))
                .when(new ResetPassword("0100001"), who)
                .expectEvents(new PasswordReset("0100001"))
                .expectResultMessagePayloadMatching(satisfying(answer::set));
        return (String) answer.get();
    }

    /** A login on the operator's account once its password was reset. */
    private AuthenticationResult loginAfterReset(String password, String address) {
        AtomicReference<Object> answer = new AtomicReference<>();
        fixture.given(operatorCreated(), new PasswordChanged("0100001"), new PasswordReset("0100001"))
                .when(new AuthenticateUser("0100001", password), from(address))
                .expectSuccessfulHandlerExecution()
                .expectResultMessagePayloadMatching(satisfying(answer::set));
        return (AuthenticationResult) answer.get();
    }

    @Test
    void theCityAdminOrTheDistrictAboveResetsAPasswordWhichMustBeChangedAtTheNextLoginAndRevokesEarlierTokens() {
        existingOperator();
        long version = 0;
        for (Map<String, ?> who : List.of(as(Role.CITY_ADMIN, CITY), as(Role.DISTRICT_REVIEWER, DISTRICT_A))) {
            String oneTimePassword = reset(who, operatorCreated(), new PasswordChanged("0100001"));
            assertThat(oneTimePassword).hasSize(14).doesNotContain(PASSWORD);
            String hash = credentials.hashOf("0100001").orElseThrow();
            assertThat(encoder.matches(oneTimePassword, hash)).isTrue();
            assertThat(encoder.matches(PASSWORD, hash)).isFalse();
            assertThat(credentials.tokenVersion("0100001")).as("earlier tokens revoked").isEqualTo(++version);
            assertThat(loginAfterReset(oneTimePassword, OWNER_ADDRESS)).isEqualTo(new AuthenticationResult(
                    AuthenticationResult.Outcome.SUCCEEDED, "0100001", Role.UNION_OPERATOR, GRASSROOTS_A, true, null,
                    version));
        }
    }

    @Test
    void anAccountOpenedWithoutAUsablePasswordLogsInWithTheOneAResetGivesIt() {
        credentials.create("0100001", "!imported-union:no-password", clock.instant());
        String oneTimePassword = reset(as(Role.DISTRICT_REVIEWER, DISTRICT_A), operatorCreated());
        assertThat(loginAfterReset(oneTimePassword, OWNER_ADDRESS).outcome())
                .isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
    }

    @Test
    void aResetLiftsEveryLockOfTheAccountSoItsOwnerLogsInAtOnce() {
        existingOperator();
        lockedOut("10.15.0.1");
        failuresFromStrangers("10.15.1.");
        String oneTimePassword = reset(as(Role.CITY_ADMIN, CITY), operatorCreated());
        assertThat(loginAfterReset(oneTimePassword, "10.15.0.1").outcome())
                .isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
        assertThat(loginAfterReset(oneTimePassword, "10.15.2.1").outcome())
                .isEqualTo(AuthenticationResult.Outcome.SUCCEEDED);
    }

    @Test
    void outsideItsSubtreeAnAccountIsNotFoundAndInsideItOnlyAdminsAndReviewersMayResetItsPassword() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new ResetPassword("0100001"), as(Role.DISTRICT_REVIEWER, DISTRICT_B))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.NOT_FOUND)));
        for (Map<String, ?> who : List.of(as(Role.UNION_OPERATOR, GRASSROOTS_A), as(Role.AUDITOR, CITY),
                as(Role.DPO, CITY), as(Role.BANK_OPERATOR, CITY))) {
            fixture.given(operatorCreated())
                    .when(new ResetPassword("0100001"), who)
                    .expectNoEvents()
                    .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                            .isEqualTo(RegistryProblem.Kind.FORBIDDEN)));
        }
        assertThat(encoder.matches(PASSWORD, credentials.hashOf("0100001").orElseThrow())).isTrue();
        assertThat(credentials.tokenVersion("0100001")).isZero();
    }

    @Test
    void nobodyResetsTheirOwnPasswordSinceThatWouldNeedNoCurrentPassword() {
        credentials.create(REVIEWER, encoder.encode(PASSWORD), clock.instant());
        Map<String, ?> self = AuditMetadata.of(new Actor(REVIEWER, Role.DISTRICT_REVIEWER, DISTRICT_A, "127.0.0.1",
                "corr-3", null));
        fixture.given(reviewerCreated())
                .when(new ResetPassword(REVIEWER), self)
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((RegistryProblem) e).kind())
                        .isEqualTo(RegistryProblem.Kind.FORBIDDEN)));
        assertThat(encoder.matches(PASSWORD, credentials.hashOf(REVIEWER).orElseThrow())).isTrue();
        assertThat(credentials.tokenVersion(REVIEWER)).isZero();
    }

    // --- changing the password -----------------------------------------------------------------

    private static final String REVIEWER = "reviewer.siming";

    private UserAccountCreated reviewerCreated() {
        return new UserAccountCreated(REVIEWER, "思明区", Role.DISTRICT_REVIEWER, DISTRICT_A, false);
    }

    @Test
    void changingThePasswordReplacesTheHashRevokesEarlierTokensAndEndsTheForcedChange() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", PASSWORD, "A-new-secret-42"), from(OWNER_ADDRESS))
                .expectEvents(new PasswordChanged("0100001"))
                .expectResultMessagePayload(new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED,
                        "0100001", Role.UNION_OPERATOR, GRASSROOTS_A, false, null, 1));
        String hash = credentials.hashOf("0100001").orElseThrow();
        assertThat(encoder.matches("A-new-secret-42", hash)).isTrue();
        assertThat(encoder.matches(PASSWORD, hash)).isFalse();
        assertThat(credentials.tokenVersion("0100001")).isEqualTo(1);

        fixture.given(operatorCreated(), new PasswordChanged("0100001"))
                .when(new AuthenticateUser("0100001", "A-new-secret-42"), from(OWNER_ADDRESS))
                .expectResultMessagePayload(new AuthenticationResult(AuthenticationResult.Outcome.SUCCEEDED,
                        "0100001", Role.UNION_OPERATOR, GRASSROOTS_A, false, null, 1));
    }

    @Test
    void aPasswordBreakingARuleIsRefusedNamingNewPasswordAndChangesNothing() {
        credentials.create(REVIEWER, encoder.encode(PASSWORD), clock.instant());
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put(" ".repeat(12), "password.too-short");
        refused.put("  short-one  ", "password.too-short");
        refused.put("\u0000".repeat(12), "password.invisible-characters");
        refused.put("Secret\u0000Password-1", "password.invisible-characters");
        refused.put("\u202E".repeat(12), "password.invisible-characters");
        refused.put("abc\u202Edefghijkl", "password.invisible-characters");
        refused.put("Pass\u200Bword-12345", "password.invisible-characters");
        refused.put("\uFEFFPassword-12345", "password.invisible-characters");
        refused.put("REVIEWER.SIMING", "password.is-username");
        refused.put(" reviewer.siming ", "password.is-username");
        refused.put("Password123", "password.too-common");
        refused.put("qwertyuiop", "password.too-common");
        refused.put("zzzzzzzzzzzz", "password.too-common");
        refused.put(PASSWORD, "password.unchanged");
        refused.forEach((password, code) -> fixture.given(reviewerCreated())
                .when(new ChangePassword(REVIEWER, PASSWORD, password), from(OWNER_ADDRESS))
                .expectNoEvents()
                .expectException(satisfying(e -> assertThat(((InvalidInputException) e).violations())
                        .as("%s", password.codePoints().mapToObj(Integer::toHexString).toList())
                        .extracting(Violation::field, Violation::code)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("newPassword", code)))));
        assertThat(encoder.matches(PASSWORD, credentials.hashOf(REVIEWER).orElseThrow())).isTrue();
        assertThat(credentials.tokenVersion(REVIEWER)).isZero();
    }

    @Test
    void aWrongCurrentPasswordCountsLikeAWrongLoginAndLocksTheAddressAtTheFifth() {
        existingOperator();
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", "not-the-password", "A-new-secret-42"), from("10.9.0.1"))
                .expectEvents(new LoginFailed("0100001", 1))
                .expectResultMessagePayload(AuthenticationResult.failed("0100001"));
        for (int i = 2; i <= 4; i++) {
            login("wrong-password", "10.9.0.1");
        }
        Instant until = clock.instant().plus(Duration.ofMinutes(15));
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", "not-the-password", "A-new-secret-42"), from("10.9.0.1"))
                .expectEvents(new LoginFailed("0100001", 5), new AddressLockedOut("0100001", "10.9.0.1", until));
        fixture.given(operatorCreated())
                .when(new ChangePassword("0100001", PASSWORD, "A-new-secret-42"), from("10.9.0.1"))
                .expectNoEvents()
                .expectResultMessagePayload(AuthenticationResult.locked("0100001", until));
        assertThat(encoder.matches(PASSWORD, credentials.hashOf("0100001").orElseThrow())).isTrue();
    }
}
