package cn.unioncard.registry.bench;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.card.BankReturns;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.CardNumbers;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;

/**
 * Members taken through the registry's whole life by its own API, so a store holds every kind of event in
 * realistic proportions: import, consent, batch, approval, hand-over, the bank's return, hand-out, activation,
 * {@code EDITS} corrections each, and clerks' reads (details masked and revealed, the card, list walks).
 */
final class MemberLifecycles {

    static final int EDITS = 3;
    static final int DETAIL_READS = 4;
    static final int LIST_WALKS = 3;
    private static final String PURPOSE = java.net.URLEncoder.encode("核对会员联系方式", StandardCharsets.UTF_8);

    private MemberLifecycles() {
    }

    /** Runs the lives of {@code members} members in one grassroots union; fails on any unexpected answer. */
    static void run(RunningRegistry registry, int members) throws Exception {
        Api api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = ImportSupport.district(api, admin, city, "集美区总工会");
        String[] g = ImportSupport.grassroots(api, admin, district, "厦门容量测算有限公司工会");
        String union = g[0];
        String operator = g[1];
        String reviewer = MemberSupport.account(api, admin, "jimei.reviewer", "DISTRICT_REVIEWER", district);
        String bank = MemberSupport.account(api, admin, "icbc.jimei", "BANK_OPERATOR", city);
        List<MemberData.Form> people = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            people.add(MemberData.numbered(i));
        }
        ImportSupport.importAndWait(api, "/api/unions/" + union + "/member-imports", operator, "会员.xlsx",
                MemberWorkbooks.bytes(members, people::get));
        List<String> ids = walk(api, union, operator);
        expect(ids.size() == members, "all members listed: " + ids.size());
        String yesterday = Today.inXiamen().minusDays(1).toString();
        parallel(ids, id -> expect(api.post("/api/members/" + id + "/authorisation", operator,
                Map.of("receivedOn", yesterday)), 204));
        Response batch = expect(api.post("/api/unions/" + union + "/batches", operator, Map.of("allPending", true)), 201);
        String batchId = batch.json().path("batchId").asText();
        expect(api.post("/api/batches/" + batchId + "/approval", reviewer, Map.of()), 200, 204);
        expect(api.post("/api/batches/" + batchId + "/handover", operator, Map.of("branch", "工行集美支行",
                "handedOverOn", Today.inXiamen().toString(), "carriedBy", "王经办")), 200);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            rows.add(List.of(people.get(i).idNumber, people.get(i).name, CardNumbers.numbered(420_000_000L, i), "1"));
        }
        expect(bankReturn(api, bank, batchId, rows), 201);
        expect(api.post("/api/batches/" + batchId + "/card-handouts", operator, Map.of("memberIds", ids,
                "handedOutOn", Today.inXiamen().toString(), "signed", true)), 200);
        Map<String, Object> activation = Map.of("channel", "inPersonAtBranch", "branch", "工行集美支行",
                "activatedOn", Today.inXiamen().toString());
        parallel(ids, id -> {
            expect(api.post("/api/members/" + id + "/card/activation", bank, activation), 200);
            for (int e = 0; e < EDITS; e++) {
                Map<String, Object> change = e % 2 == 0
                        ? Map.of("mobile", String.format("137%08d", Math.abs((id + e).hashCode()) % 100_000_000))
                        : Map.of("contactAddress", "福建省厦门市集美区银江路 " + (e + 1) + " 号");
                expect(MemberSupport.patch(api, "/api/members/" + id, operator, change, "If-Match", "*"), 204);
            }
            for (int r = 0; r < DETAIL_READS; r++) {
                expect(api.get("/api/members/" + id + (r % 2 == 0 ? "" : "?reveal=true&purpose=" + PURPOSE),
                        operator), 200);
            }
            expect(api.get("/api/members/" + id + "/card", operator), 200);
        });
        for (int w = 0; w < LIST_WALKS; w++) {
            walk(api, union, operator);
        }
    }

    /** Every member id of the union, page by page after a cursor (each page a recorded read). */
    private static List<String> walk(Api api, String union, String token) {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            Response page = expect(api.get("/api/unions/" + union + "/members?size=20"
                    + (after == null ? "" : "&after=" + after), token), 200);
            for (JsonNode m : MemberSupport.items(page)) {
                ids.add(m.path("id").asText());
            }
            JsonNode next = page.json().path("next");
            after = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (after != null);
        return ids;
    }

    private interface Step {
        void run(String id) throws Exception;
    }

    private static void parallel(List<String> ids, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (String id : ids) {
                all.add(pool.submit(() -> {
                    step.run(id);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Response expect(Response r, int... statuses) {
        for (int s : statuses) {
            if (r.status() == s) {
                return r;
            }
        }
        throw new AssertionError("unexpected answer: " + r);
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** The bank's return as the card office uploads it: a sheet with the branch and the issue date beside it. */
    private static Response bankReturn(Api api, String bank, String batch, List<List<String>> rows) {
        return BankReturns.upload(api, bank, batch, "工行集美支行", BankReturns.sheet(rows));
    }
}
