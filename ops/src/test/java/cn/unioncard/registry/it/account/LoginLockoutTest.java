package cn.unioncard.registry.it.account;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.RawHttp.Answer;
import cn.unioncard.registry.it.member.MemberSupport;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logins on the real registry, attacked from many loopback addresses: a flood against a user name
 * does not keep its owner out, an unknown name is answered like a wrong password, an administrator
 * unlocks, earlier tokens stop working after a password change or a lock, and the password rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginLockoutTest {

    private RunningRegistry registry;
    private Api api;
    private int port;
    private String admin;
    private String cityId;
    private String districtA;
    private String districtB;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        port = registry.port();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = MemberSupport.cityId(api, admin);
        districtA = created(api.post("/api/unions", admin, Forms.district(cityId, "思明区总工会")));
        districtB = created(api.post("/api/unions", admin, Forms.district(cityId, "湖里区总工会")));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private static String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }

    /** A grassroots union under district A; answers {unionId, operator name, one-time password}. */
    private String[] grassroots(String name) {
        Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(districtA, name));
        assertThat(g.status()).as("%s", g).isEqualTo(201);
        return new String[] {g.json().path("unionId").asText(), g.json().path("operatorUsername").asText(),
                g.json().path("oneTimePassword").asText()};
    }

    private String open(String username, String role, String unionId) {
        Response opened = api.post("/api/users", admin,
                Map.of("username", username, "displayName", "测试", "role", role, "unionId", unionId));
        assertThat(opened.status()).as("%s", opened).isEqualTo(201);
        return opened.json().path("oneTimePassword").asText();
    }

    private boolean works(String token) {
        Response r = api.get("/api/unions?level=CITY", token);
        if (r.status() != 200) {
            assertThat(r.status()).as("%s", r).isEqualTo(401);
            assertThat(r.problemType()).isEqualTo("/problems/unauthenticated");
        }
        return r.status() == 200;
    }

    private List<String> trailTypes(String username) {
        return StreamSupport.stream(trail(username).spliterator(), false).map(e -> e.path("type").asText()).toList();
    }

    private JsonNode trail(String username) {
        Response r = api.get("/api/audit/aggregates/" + username + "/events", admin);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    @Test
    void anAnonymousFloodFromManyAddressesNeitherKeepsTheOwnerOutNorEndsItsSessions() {
        String[] g = grassroots("厦门云卡信息科技有限公司工会委员会");
        String operator = g[1];
        String password = "Operator-Password-F1";
        String session = api.loginAndChangePassword(operator, g[2], password);
        assertThat(works(session)).isTrue();

        // Eight addresses, six guesses each: a script that knows the public system code.
        int refused = 0;
        for (int a = 1; a <= 8; a++) {
            for (int i = 1; i <= 6; i++) {
                Answer r = FromAddress.login(port, "127.0.1." + a, operator, "Guess-" + a + "-" + i + "-xyz");
                assertThat(r.status()).as("%s", r).isIn(401, 429);
                if (r.status() == 429) {
                    refused++;
                    assertThat(r.problemType()).isEqualTo("/problems/account-locked");
                    assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 24 * 3600L);
                } else {
                    assertThat(r.problemType()).isEqualTo("/problems/unauthenticated");
                }
            }
        }
        assertThat(refused).isPositive();

        // Somebody new to the account, even with the right password, waits ...
        Answer stranger = FromAddress.login(port, "127.0.2.1", operator, password, "Accept-Language", "en");
        assertThat(stranger.status()).as("%s", stranger).isEqualTo(429);
        assertThat(stranger.problemType()).isEqualTo("/problems/account-locked");
        String detail = stranger.json().path("detail").asText();
        assertThat(detail).contains("Asia/Shanghai").containsPattern("try again in \\d+ minutes?");
        assertThat(stranger.json().path("lockedUntil").asText()).endsWith("+08:00");
        assertThat(FromAddress.login(port, "127.0.2.1", operator, password).json().path("detail").asText())
                .contains("Asia/Shanghai").containsPattern("\\d+ 分钟");

        // ... the owner, from where it logged in before, does not, and is not logged out by the flood.
        assertThat(works(session)).as("a token issued before the account was locked").isTrue();
        String fresh = api.login(operator, password);
        assertThat(works(fresh)).isTrue();

        List<String> types = trailTypes(operator);
        assertThat(types).contains("AddressLockedOut", "AccountLocked");
        assertThat(types.stream().filter("LoginFailed"::equals).count()).isGreaterThanOrEqualTo(20);
        assertThat(types.get(types.size() - 1)).isEqualTo("LoginSucceeded");
    }

    /** Status, type, title, members, retry header and the detail with its numbers taken out. */
    private static String shape(Answer r) {
        JsonNode body = r.json();
        TreeSet<String> members = new TreeSet<>();
        body.fieldNames().forEachRemaining(members::add);
        return r.status() + " " + r.problemType() + " " + body.path("title").asText() + " " + members + " "
                + (r.header("Retry-After") != null) + " " + body.path("detail").asText().replaceAll("\\d", "#");
    }

    @Test
    void aNameWithoutAnAccountIsAnsweredExactlyLikeAWrongPasswordAlsoAfterManyFailures() {
        open("auditor.same", "AUDITOR", cityId);
        long eventsBefore = registry.eventCount();
        List<String> unknown = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            unknown.add(shape(FromAddress.login(port, "127.0.3.2", "auditor.none", "Wrong-Guess-" + i)));
        }
        assertThat(registry.eventCount()).as("events written for a name without an account").isEqualTo(eventsBefore);
        List<String> existing = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            existing.add(shape(FromAddress.login(port, "127.0.3.1", "auditor.same", "Wrong-Guess-" + i)));
        }
        assertThat(unknown).isEqualTo(existing);
        assertThat(existing.get(0)).startsWith("401 /problems/unauthenticated");
        assertThat(existing.get(7)).startsWith("429 /problems/account-locked");

        // And the same work: a password check either way. Interleaved, four addresses, medians.
        open("auditor.time", "AUDITOR", cityId);
        List<Long> wrong = new ArrayList<>();
        List<Long> nobody = new ArrayList<>();
        for (int a = 1; a <= 4; a++) {
            for (int i = 1; i <= 4; i++) {
                wrong.add(timed("127.0.4." + a, "auditor.time"));
                nobody.add(timed("127.0.5." + a, "auditor.nobody"));
            }
        }
        long wrongMedian = median(wrong);
        long nobodyMedian = median(nobody);
        System.out.printf("login timing: wrong password median %d µs, unknown name median %d µs%n",
                wrongMedian, nobodyMedian);
        assertThat((double) nobodyMedian / wrongMedian).isBetween(0.5, 2.0);
    }

    private long timed(String source, String username) {
        long start = System.nanoTime();
        Answer r = FromAddress.login(port, source, username, "Wrong-Guess-timed");
        long micros = (System.nanoTime() - start) / 1000;
        assertThat(r.status()).as("%s", r).isEqualTo(401);
        return micros;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void anAdministratorUnlocksAndTheUnlockIsRecordedWithWhoDidIt() {
        String[] g = grassroots("厦门鹭岛软件有限公司工会");
        String operator = g[1];
        String password = "Operator-Password-U1";
        api.loginAndChangePassword(operator, g[2], password);
        String reviewerA = api.loginAndChangePassword("reviewer.a", open("reviewer.a", "DISTRICT_REVIEWER", districtA),
                "Reviewer-Password-A");
        String reviewerB = api.loginAndChangePassword("reviewer.b", open("reviewer.b", "DISTRICT_REVIEWER", districtB),
                "Reviewer-Password-B");
        String auditor = api.loginAndChangePassword("auditor.u", open("auditor.u", "AUDITOR", cityId),
                "Auditor-Password-U");
        for (int i = 1; i <= 5; i++) {
            FromAddress.login(port, "127.0.6.1", operator, "Wrong-Guess-" + i);
        }
        assertThat(FromAddress.login(port, "127.0.6.1", operator, password).status()).isEqualTo(429);

        long before = registry.eventCount();
        Response outside = api.post("/api/users/" + operator + "/unlock", reviewerB, "");
        assertThat(outside.status()).as("%s", outside).isEqualTo(404);
        assertThat(outside.problemType()).isEqualTo("/problems/not-found");
        Response unknown = api.post("/api/users/nobody.here/unlock", reviewerB, "");
        assertThat(unknown.status()).as("%s", unknown).isEqualTo(404);
        assertThat(unknown.json().path("detail")).isEqualTo(outside.json().path("detail"));
        // A union's id has the shape of a user name, but no account: not found, not another aggregate's 500.
        Response union = api.post("/api/users/" + districtA + "/unlock", admin, "");
        assertThat(union.status()).as("%s", union).isEqualTo(404);
        assertThat(union.json().path("detail")).isEqualTo(outside.json().path("detail"));
        Response readOnly = api.post("/api/users/" + operator + "/unlock", auditor, "");
        assertThat(readOnly.status()).as("%s", readOnly).isEqualTo(403);
        assertThat(readOnly.problemType()).isEqualTo("/problems/forbidden");
        assertThat(registry.eventCount()).as("events after refused unlocks").isEqualTo(before);
        assertThat(FromAddress.login(port, "127.0.6.1", operator, password).status()).isEqualTo(429);

        Response unlocked = api.post("/api/users/" + operator + "/unlock", reviewerA, "");
        assertThat(unlocked.status()).as("%s", unlocked).isEqualTo(204);
        Answer again = FromAddress.login(port, "127.0.6.1", operator, password);
        assertThat(again.status()).as("%s", again).isEqualTo(200);

        JsonNode unlock = null;
        for (Iterator<JsonNode> it = trail(operator).elements(); it.hasNext(); ) {
            JsonNode e = it.next();
            if ("AccountUnlocked".equals(e.path("type").asText())) {
                unlock = e;
            }
        }
        assertThat(unlock).as("AccountUnlocked in the account's trail").isNotNull();
        assertThat(unlock.path("metadata").path("actor.user").asText()).isEqualTo("reviewer.a");
        assertThat(unlock.path("metadata").path("actor.role").asText()).isEqualTo("DISTRICT_REVIEWER");
    }

    @Test
    void aTokenIssuedBeforeAPasswordChangeIsRefusedAtOnce() {
        String first = api.loginAndChangePassword("dpo.change", open("dpo.change", "DPO", cityId), "Dpo-Password-One");
        String second = api.login("dpo.change", "Dpo-Password-One");
        assertThat(works(first)).isTrue();
        assertThat(works(second)).isTrue();
        Response changed = api.post("/api/auth/password", second,
                Map.of("currentPassword", "Dpo-Password-One", "newPassword", "Dpo-Password-Two"));
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(works(first)).isFalse();
        assertThat(works(second)).isFalse();
        assertThat(works(changed.json().path("accessToken").asText())).isTrue();

        // What that costs every request: one primary-key lookup through the application's pool.
        var versions = registry.context().getBean(cn.unioncard.registry.command.account.TokenVersions.class);
        assertThat(versions.current("dpo.change")).hasValue(2);
        long start = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            versions.current("dpo.change");
        }
        double micros = (System.nanoTime() - start) / 2000 / 1000.0;
        System.out.printf("token version lookup: %.0f µs per request (mean of 2000)%n", micros);
        assertThat(micros).isLessThan(5000);
    }

    @Test
    void passwordsOfSpacesNulsOrInvisibleCharactersAreRefusedNamingNewPassword() {
        String token = api.loginAndChangePassword("auditor.rules", open("auditor.rules", "AUDITOR", cityId),
                "Auditor-Rules-One");
        long before = registry.eventCount();
        for (String bad : List.of(" ".repeat(12), "\u0000".repeat(12), "\u202E".repeat(12), "abc\u202Edefghijkl",
                "zero\u200Bwidth-pass", "\uFEFFbom-password-1", "AUDITOR.RULES", "Password123", "short")) {
            Response r = api.post("/api/auth/password", token,
                    Map.of("currentPassword", "Auditor-Rules-One", "newPassword", bad));
            assertThat(r.status()).as("%s → %s", bad.codePoints().mapToObj(Integer::toHexString).toList(), r)
                    .isEqualTo(400);
            assertThat(r.problemType()).isEqualTo("/problems/invalid-input");
            assertThat(r.json().path("errors").findValuesAsText("field")).contains("newPassword");
        }
        assertThat(registry.eventCount()).as("events after refused password changes").isEqualTo(before);
        assertThat(works(token)).isTrue();
        assertThat(api.token("auditor.rules", "Auditor-Rules-One").status()).isEqualTo(200);
    }

    @Test
    void aLoginNameNoAccountCouldHaveIsRefusedNamingUsernameNotPassedToTheDatabase() {
        for (String name : List.of("adm\u0000in", "\u202Eadmin", "李四", "a".repeat(65))) {
            Response r = api.token(name, "Whatever-123456");
            assertThat(r.status()).as("%s", r).isEqualTo(400);
            assertThat(r.problemType()).isEqualTo("/problems/invalid-input");
            assertThat(r.json().path("errors").findValuesAsText("field")).containsExactly("username");
        }
    }

    @Test
    void parallelGuessesFromOneAddressReachThePasswordCheckNoMoreOftenThanTheLimit() throws Exception {
        String[] g = grassroots("厦门同安食品有限公司工会");
        String operator = g[1];
        api.loginAndChangePassword(operator, g[2], "Operator-Password-P1");
        int guesses = 40;
        parallelGuesses(operator, "127.0.8.1", guesses);
        long checked = trailTypes(operator).stream().filter("LoginFailed"::equals).count();
        System.out.printf("parallel guesses: %d sent from one address, %d reached the password check%n",
                guesses, checked);
        assertThat(checked).isEqualTo(5);

        // A name without an account has no events and no account lock to queue on: its counters tell.
        parallelGuesses("auditor.parallel", "127.0.8.2", guesses);
        Integer counted = registry.jdbc().queryForObject(
                "select failures from login_throttle where username = '*' and client_address = '127.0.8.2'",
                Integer.class);
        System.out.printf("parallel guesses for an unknown name: %d sent, %d counted%n", guesses, counted);
        assertThat(counted).isEqualTo(5);
    }

    private void parallelGuesses(String username, String source, int guesses) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < guesses; i++) {
                String guess = "Parallel-Guess-" + i;
                answers.add(pool.submit(() -> {
                    go.await();
                    return FromAddress.login(port, source, username, guess).status();
                }));
            }
            go.countDown();
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertThat(answer.get(120, java.util.concurrent.TimeUnit.SECONDS)).isIn(401, 429);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aConcurrentFloodAndUnlocksNeitherFailNorWaitOnEachOther() throws Exception {
        String[] g = grassroots("厦门海沧港务有限公司工会");
        String operator = g[1];
        api.loginAndChangePassword(operator, g[2], "Operator-Password-C1");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int a = 1; a <= 5; a++) {
                String source = "127.0.7." + a;
                for (int i = 1; i <= 6; i++) {
                    String guess = "Guess-" + a + "-" + i + "-xyz";
                    answers.add(pool.submit(() -> FromAddress.login(port, source, operator, guess).status()));
                }
                answers.add(pool.submit(() -> api.post("/api/users/" + operator + "/unlock", admin, "").status()));
            }
            for (java.util.concurrent.Future<Integer> answer : answers) {
                assertThat(answer.get(90, java.util.concurrent.TimeUnit.SECONDS)).isIn(204, 401, 429);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(api.post("/api/users/" + operator + "/unlock", admin, "").status()).isEqualTo(204);
        assertThat(FromAddress.login(port, "127.0.7.9", operator, "Operator-Password-C1").status()).isEqualTo(200);
    }
}
