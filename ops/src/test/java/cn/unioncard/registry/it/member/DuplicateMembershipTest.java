package cn.unioncard.registry.it.member;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport.Grassroots;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.it.member.MemberSupport.idHash;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One active membership per person, city-wide: two unions registering the same ID number at the
 * same moment end with exactly one member, and the refusal names the other union only to those
 * who may see it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplicateMembershipTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private Grassroots siming;
    private Grassroots huli;
    private String reviewerHuli;
    private final HttpClient http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final AtomicInteger sequence = new AtomicInteger(100);

    record Timed(HttpResponse<String> response, long sentAt, long answeredAt) {
    }

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String districtA = MemberSupport.district(api, admin, city, "思明区总工会")[0];
        String districtB = MemberSupport.district(api, admin, city, "湖里区总工会")[0];
        siming = MemberSupport.grassroots(api, admin, districtA, "厦门云卡信息科技有限公司工会委员会", "Operator-Password-A1");
        huli = MemberSupport.grassroots(api, admin, districtB, "厦门湖里港务有限公司工会", "Operator-Password-B1");
        reviewerHuli = MemberSupport.account(api, admin, "reviewer.huli", "DISTRICT_REVIEWER", districtB);
        // Open two connections first, so that the racing requests do not wait on a TCP handshake.
        List<CompletableFuture<HttpResponse<Void>>> warm = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            warm.add(http.sendAsync(HttpRequest.newBuilder(api.uri("/actuator/health")).build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        warm.forEach(CompletableFuture::join);
    }

    @AfterAll
    void stop() {
        pool.shutdownNow();
        if (registry != null) {
            registry.close();
        }
    }

    private String freshId() {
        int n = sequence.incrementAndGet();
        return ResidentIds.of("350203", LocalDate.of(1970 + n % 40, 1 + n % 12, 1 + n % 28), n % 1000);
    }

    private HttpRequest registration(Grassroots union, String name, String idNumber, String mobile) {
        return HttpRequest.newBuilder(api.uri("/api/unions/" + union.id() + "/members"))
                .header("Authorization", "Bearer " + union.operator())
                .header("Content-Type", "application/json")
                .header("Accept-Language", "en")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(json(MemberData.form(name, idNumber, mobile).json()),
                        StandardCharsets.UTF_8))
                .build();
    }

    private static String json(Object o) {
        try {
            return Api.JSON.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String sql, Object... args) {
        return registry.jdbc().queryForObject(sql, Long.class, args);
    }

    private long registeredEvents() {
        return count("select count(*) from domain_event_entry where payload_type like '%MemberRegistered'");
    }

    @RepeatedTest(5)
    void twoUnionsRegisteringOnePersonAtTheSameMomentEndWithExactlyOneMember(RepetitionInfo repetition)
            throws Exception {
        String idNumber = freshId();
        byte[] hash = idHash(registry, idNumber);
        long eventsBefore = registeredEvents();
        long rowsBefore = count("select count(*) from membership_lookup");
        List<HttpRequest> requests = List.of(
                registration(siming, "陈雅婷", idNumber, "13859201234"),
                registration(huli, "陈雅婷", idNumber, "13859201234"));

        // Both threads leave the barrier together and send asynchronously; each notes when it sent and when
        // the answer came, to show that the two requests were in flight at the same time.
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<CompletableFuture<Timed>>> sent = new ArrayList<>();
        for (HttpRequest request : requests) {
            sent.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                long sentAt = System.nanoTime();
                return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                        .thenApply(r -> new Timed(r, sentAt, System.nanoTime()));
            }));
        }
        List<Timed> timed = new ArrayList<>();
        for (Future<CompletableFuture<Timed>> f : sent) {
            timed.add(f.get(30, TimeUnit.SECONDS).get(60, TimeUnit.SECONDS));
        }
        assertThat(timed.get(0).sentAt()).isLessThan(timed.get(1).answeredAt());
        assertThat(timed.get(1).sentAt()).isLessThan(timed.get(0).answeredAt());
        List<HttpResponse<String>> answers = timed.stream().map(Timed::response).toList();

        List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
        assertThat(statuses).as("repetition %d: %s", repetition.getCurrentRepetition(),
                answers.stream().map(HttpResponse::body).toList()).containsExactly(201, 409);
        int winner = answers.get(0).statusCode() == 201 ? 0 : 1;
        Grassroots won = winner == 0 ? siming : huli;
        Grassroots lost = winner == 0 ? huli : siming;
        HttpResponse<String> refusal = answers.get(1 - winner);
        assertThat(refusal.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        var problem = Api.JSON.readTree(refusal.body());
        assertThat(problem.path("type").asText()).isEqualTo("/problems/conflict");
        // The two unions are in different districts: the loser's clerk does not learn where the person is.
        assertThat(problem.path("detail").asText()).contains("already an active member")
                .doesNotContain(won.code()).doesNotContain(won.id());
        assertThat(refusal.body()).doesNotContain(idNumber);
        String memberId = Api.JSON.readTree(answers.get(winner).body()).path("memberId").asText();

        // Exactly one membership row, one member, one registration event; the loser left nothing behind.
        assertThat(count("select count(*) from membership_lookup where id_hash = ?", hash)).isEqualTo(1);
        assertThat(count("select count(*) from membership_lookup where id_hash = ? and active", hash)).isEqualTo(1);
        assertThat(count("select count(*) from membership_lookup")).isEqualTo(rowsBefore + 1);
        assertThat(registry.jdbc().queryForObject("select union_id from membership_lookup where id_hash = ?",
                String.class, hash)).isEqualTo(won.id());
        assertThat(count("select count(*) from member_view where id_number = ?", idNumber)).isEqualTo(1);
        assertThat(registry.jdbc().queryForObject("select id from member_view where id_number = ?", String.class,
                idNumber)).isEqualTo(memberId);
        assertThat(registeredEvents()).isEqualTo(eventsBefore + 1);
        assertThat(count("select count(*) from member_view where union_id = ? and id_number = ?", lost.id(), idNumber))
                .isZero();

        // The city admin, who sees every union, is told which one holds the membership; in both languages.
        long before = registry.eventCount();
        Map<String, Object> again = MemberData.form("陈雅婷", idNumber, "13859201234").json();
        Response byAdmin = api.post("/api/unions/" + lost.id() + "/members", admin, again);
        assertThat(byAdmin.status()).as("%s", byAdmin).isEqualTo(409);
        assertThat(byAdmin.problemType()).isEqualTo("/problems/conflict");
        assertThat(byAdmin.json().path("detail").asText()).contains(won.code()).doesNotContain(idNumber);
        Response byAdminEn = api.post("/api/unions/" + lost.id() + "/members", admin, again, "Accept-Language", "en");
        assertThat(byAdminEn.json().path("detail").asText()).contains(won.code());
        // The winner's own clerk sees its own union named; the loser's clerk again does not.
        Response own = api.post("/api/unions/" + won.id() + "/members", won.operator(), again);
        assertThat(own.status()).as("%s", own).isEqualTo(409);
        assertThat(own.json().path("detail").asText()).contains(won.code());
        Response other = api.post("/api/unions/" + lost.id() + "/members", lost.operator(), again);
        assertThat(other.status()).as("%s", other).isEqualTo(409);
        assertThat(other.json().path("detail").asText()).doesNotContain(won.code());
        assertThat(registry.eventCount()).isEqualTo(before);
        assertThat(count("select count(*) from membership_lookup where id_hash = ?", hash)).isEqualTo(1);
    }

    @Test
    void aDistrictReviewerOfTheOtherDistrictIsNotToldWhereThePersonIs() {
        String idNumber = freshId();
        Response first = api.post("/api/unions/" + siming.id() + "/members", siming.operator(),
                MemberData.form("林志明", idNumber, "13906025678").json());
        assertThat(first.status()).as("%s", first).isEqualTo(201);
        Response byReviewer = api.post("/api/unions/" + huli.id() + "/members", reviewerHuli,
                MemberData.form("林志明", idNumber, "13906025678").json());
        assertThat(byReviewer.status()).as("%s", byReviewer).isEqualTo(409);
        assertThat(byReviewer.json().path("detail").asText()).doesNotContain(siming.code());
        Response byReviewerEn = api.post("/api/unions/" + huli.id() + "/members", reviewerHuli,
                MemberData.form("林志明", idNumber, "13906025678").json(), "Accept-Language", "en");
        assertThat(byReviewerEn.json().path("detail").asText()).contains("already an active member")
                .doesNotContain(siming.code());
    }

    @Test
    void onePersonIsOnePersonWhateverTheSpellingOfTheNumber() {
        // A 15-digit legacy number, its 18-digit form, full-width digits and a lower-case x are one person.
        String legacy = "350203" + "860907" + "417";
        String[][] spellings = {
                {legacy, ResidentIds.from15(legacy)},
                {ResidentIds.fullWidth(ResidentIds.of("110105", LocalDate.of(1990, 7, 21), 35)),
                        ResidentIds.of("110105", LocalDate.of(1990, 7, 21), 35)},
                {ResidentIds.endingInX("440305", LocalDate.of(1969, 10, 1), 11).toLowerCase(),
                        ResidentIds.endingInX("440305", LocalDate.of(1969, 10, 1), 11)},
                {" " + ResidentIds.of("320583", LocalDate.of(1992, 12, 31), 88) + " ",
                        ResidentIds.of("320583", LocalDate.of(1992, 12, 31), 88)},
        };
        for (String[] s : spellings) {
            Response first = api.post("/api/unions/" + siming.id() + "/members", siming.operator(),
                    MemberData.form("郑丽华", s[0], "17750061234").json());
            assertThat(first.status()).as("%s: %s", s[0], first).isEqualTo(201);
            Response second = api.post("/api/unions/" + huli.id() + "/members", huli.operator(),
                    MemberData.form("郑丽华", s[1], "17750061234").json());
            assertThat(second.status()).as("%s after %s: %s", s[1], s[0], second).isEqualTo(409);
            Response reverse = api.post("/api/unions/" + huli.id() + "/members", huli.operator(),
                    MemberData.form("郑丽华", s[0], "17750061234").json());
            assertThat(reverse.status()).as("%s again: %s", s[0], reverse).isEqualTo(409);
            assertThat(count("select count(*) from membership_lookup where id_hash = ? and active",
                    idHash(registry, s[1]))).isEqualTo(1);
        }
    }

    @Test
    void aCorrectionCannotMoveAnIdNumberOntoAnotherActiveMember() {
        String taken = freshId();
        String mine = freshId();
        Response holder = api.post("/api/unions/" + siming.id() + "/members", siming.operator(),
                MemberData.form("黄晓燕", taken, "13950218866").json());
        assertThat(holder.status()).as("%s", holder).isEqualTo(201);
        Response member = api.post("/api/unions/" + huli.id() + "/members", huli.operator(),
                MemberData.form("吴建国", mine, "18650012345").json());
        assertThat(member.status()).as("%s", member).isEqualTo(201);
        String id = member.json().path("memberId").asText();
        long before = registry.eventCount();
        Response corrected = MemberSupport.patch(api, "/api/members/" + id, huli.operator(),
                Map.of("idNumber", taken), "If-Match", "\"0\"");
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(409);
        assertThat(corrected.json().path("detail").asText()).doesNotContain(siming.code());
        assertThat(registry.eventCount()).isEqualTo(before);
        assertThat(count("select count(*) from membership_lookup where id_hash = ?", idHash(registry, taken)))
                .isEqualTo(1);
        assertThat(count("select count(*) from membership_lookup where id_hash = ? and member_id = ?",
                idHash(registry, mine), id)).isEqualTo(1);
    }

    @Test
    void twoCorrectionsOfTheSameVersionAtTheSameMomentLeaveExactlyOne() throws Exception {
        Response created = api.post("/api/unions/" + siming.id() + "/members", siming.operator(),
                MemberData.form("马晓军", freshId(), "13809512468").json());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String id = created.json().path("memberId").asText();
        List<HttpRequest> requests = new ArrayList<>();
        for (String mobile : List.of("13600001111", "13600002222")) {
            requests.add(HttpRequest.newBuilder(api.uri("/api/members/" + id))
                    .header("Authorization", "Bearer " + siming.operator())
                    .header("Content-Type", "application/json")
                    .header("If-Match", "\"0\"")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"mobile\":\"" + mobile + "\"}"))
                    .build());
        }
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (HttpRequest request : requests) {
            sent.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                return http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).join();
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> f : sent) {
            statuses.add(f.get(60, TimeUnit.SECONDS).statusCode());
        }
        assertThat(statuses).as("%s", statuses).containsOnlyOnce(204);
        assertThat(statuses).as("%s", statuses).anyMatch(s -> s == 409 || s == 412);
        assertThat(count("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%MemberInfoCorrected'", id)).isEqualTo(1);
        assertThat(count("select version from member_view where id = ?", id)).isEqualTo(1);
    }
}
