package cn.unioncard.registry.it;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.MappedEndpoints.Endpoint;
import cn.unioncard.registry.it.RawHttp.Answer;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client sends, sent to every endpoint the running application maps: control,
 * bidi and invisible characters in every path variable, query parameter, header and JSON string,
 * wrong JSON types, oversize values, unknown fields, wrong content types, malformed bodies, and
 * forged, expired and {@code alg: none} tokens. Every answer must be a 4xx problem document that
 * names the offending field where it is one, and no case may store anything. An endpoint without
 * a row here fails the test: a new endpoint brings its rows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {

    /**
     * Tables whose rows a refused request must not change: the event store and every lookup and projection. A
     * denied attempt's own record (AccessDenied: a 404 of a lookup that finds nothing, a login) is no change.
     */
    private static final List<String> COUNTED = List.of(
            "domain_event_entry where payload_type is null or payload_type not like '%.AccessDenied'", "union_lookup", "union_code_sequence",
            "account_credential", "union_view", "account_view", "membership_lookup", "member_view", "member_access",
            "data_key", "batch_membership", "batch_lookup", "card_number_index", "card_holder");
    private static final String ANY = MappedEndpoints.ANY;

    /** Encoded control, bidi and invisible characters, as they arrive in a URL. */
    private static final List<String> ENCODED_UNSAFE = List.of("%00", "%01", "%1F", "%7F", "%C2%85", "%C2%9F",
            "%E2%80%AE", "%E2%81%A6", "%E2%80%8F", "%E2%80%8B", "%EF%BB%BF", "%C2%AD", "%E2%80%A8", "%D8%9C");
    /** Unsafe characters as raw header bytes: C0 and DEL, a C1 byte, and the UTF-8 of bidi and zero-width characters. */
    private static final List<String> HEADER_UNSAFE = List.of("\u0001", "\u001b", "\u007f", "\u0085",
            utf8AsLatin1("\u0085"), utf8AsLatin1("\u202E"), utf8AsLatin1("\u200B"), utf8AsLatin1("\uFEFF"));
    /** Path values a client uses to climb out of its resource or to smuggle a separator. */
    private static final List<String> PATH_TRICKS = List.of("..%2F..%2Fapi%2Fusers", "%2E%2E", "a%2Fb", "a%5Cb",
            "%252F", "x;jsessionid=1", "%2e", "a%00b", "%C0%AE%C0%AE");
    private static final int OVERSIZE = 5000;

    private RunningRegistry registry;
    private Api api;
    private RawHttp raw;
    private JdbcTemplate counter;
    private SingleConnectionDataSource countingConnection;
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    void start() throws Exception {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        raw = new RawHttp(registry.port());
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        tokens.put("admin", admin);
        String city = MemberSupport.cityId(api, admin);
        ids.put("city", city);
        Response district = api.post("/api/unions", admin, Forms.district(city, "语料区总工会"));
        assertThat(district.status()).as("%s", district).isEqualTo(201);
        ids.put("district", district.json().path("unionId").asText());
        for (String which : List.of("a", "b")) {
            Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(ids.get("district"), "语料工会" + which));
            assertThat(g.status()).as("%s", g).isEqualTo(201);
            ids.put("union-" + which, g.json().path("unionId").asText());
            ids.put("code-" + which, g.json().path("systemCode").asText());
        }
        Response member = api.post("/api/unions/" + ids.get("union-a") + "/members", admin, MemberData.form(
                "陈语料", ResidentIds.of("350203", LocalDate.of(1988, 4, 16), 21), "13859201234").json());
        assertThat(member.status()).as("%s", member).isEqualTo(201);
        ids.put("member", member.json().path("memberId").asText());
        tokens.put("dpo", MemberSupport.account(api, admin, "corpus-dpo", "DPO", city));
        tokens.put("pw", MemberSupport.account(api, admin, "corpus-pw", "AUDITOR", city));
        tokens.put("bank", MemberSupport.account(api, admin, "corpus-bank", "BANK_OPERATOR", city));
        var db = registry.context().getBean(cn.unioncard.registry.ops.database.DatabaseEndpoint.class);
        countingConnection = new SingleConnectionDataSource(db.url(), db.ownerUser(), db.ownerPassword(), true);
        counter = new JdbcTemplate(countingConnection);
        settle();
    }

    @AfterAll
    void stop() {
        if (countingConnection != null) {
            countingConnection.destroy();
        }
        if (registry != null) {
            registry.close();
        }
    }

    /** One row per endpoint: who calls it, valid path values and a valid body, so that each case breaks one thing. */
    private Map<String, Row> rows() {
        String admin = tokens.get("admin");
        String member = ids.get("member");
        Map<String, Row> rows = new LinkedHashMap<>();
        rows.put("POST /api/auth/token", Row.open(body("username", "corpus-nobody", "password", "Whatever-123456"))
                .credentials("password"));
        rows.put("POST /api/auth/password", new Row(tokens.get("pw"), Map.of(), body("currentPassword",
                "Password-of-corpus-pw", "newPassword", "short")).credentials("currentPassword"));
        rows.put("POST /api/users", new Row(admin, Map.of(), body("username", "corpus-new", "displayName", "新用户",
                "role", "AUDITOR", "unionId", ids.get("city"))));
        rows.put("GET /api/users", new Row(admin, Map.of(), null));
        rows.put("POST /api/users/{username}/unlock", new Row(admin, Map.of("username", "corpus-pw"), null));
        rows.put("POST /api/users/{username}/password-reset", new Row(admin, Map.of("username", "corpus-pw"), null));
        rows.put("POST /api/unions", new Row(admin, Map.of(), json(Forms.district(ids.get("city"), "语料新区总工会"))));
        rows.put("GET /api/unions", new Row(admin, Map.of(), null));
        rows.put("GET /api/unions/{id}", new Row(admin, Map.of("id", ids.get("district")), null));
        rows.put("PUT /api/unions/{id}", new Row(admin, Map.of("id", ids.get("district")),
                json(Forms.district(ids.get("city"), "语料区总工会改名"))).header("If-Match", "\"0\""));
        rows.put("POST /api/unions/{unionId}/members", new Row(admin, Map.of("unionId", ids.get("union-a")),
                json(MemberData.form("林语料", ResidentIds.of("350211", LocalDate.of(1985, 6, 15), 19),
                        "13906025678").json())));
        rows.put("GET /api/unions/{unionId}/members", new Row(admin, Map.of("unionId", ids.get("union-a")), null));
        // Uploads: without a multipart body every case is refused before a file could be stored.
        rows.put("POST /api/unions/{unionId}/member-imports", new Row(admin, Map.of("unionId", ids.get("union-a")),
                null));
        rows.put("POST /api/unions/{districtId}/union-imports", new Row(admin, Map.of("districtId", ids.get("district")),
                null));
        rows.put("POST /api/unions/{unionId}/offline-keys", new Row(admin, Map.of("unionId", ids.get("union-a")), null));
        rows.put("GET /api/unions/{unionId}/offline-keys", new Row(admin, Map.of("unionId", ids.get("union-a")), null));
        rows.put("POST /api/unions/{unionId}/offline-keys/{keyId}/revocation", new Row(admin,
                Map.of("unionId", ids.get("union-a"), "keyId", "0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9"), null));
        rows.put("POST /api/offline-reports", new Row(admin, Map.of(), null));
        rows.put("GET /api/unions/{unionId}/offline-report.das", new Row(admin, Map.of("unionId", ids.get("union-a")),
                null));
        rows.put("GET /api/members/{id}", new Row(admin, Map.of("id", member), null));
        rows.put("PATCH /api/members/{id}", new Row(admin, Map.of("id", member), body("name", "陈改名",
                "contactAddress", "厦门市湖里区某路 1 号", "workStart", "2016-01", "ruralHousehold", true))
                .header("If-Match", "\"0\""));
        rows.put("POST /api/members/{id}/authorisation", new Row(admin, Map.of("id", member),
                body("receivedOn", "2024-05-20", "scanReference", "SCAN-2024-001")));
        rows.put("POST /api/members/{id}/withdrawal", new Row(admin, Map.of("id", member), body("reason", "调离本单位")));
        rows.put("POST /api/members/{id}/transfer", new Row(admin, Map.of("id", member),
                body("toSystemCode", ids.get("code-b"), "newEmployerName", "厦门某某信息公司")));
        rows.put("POST /api/members/{id}/erasure", new Row(tokens.get("dpo"), Map.of("id", member),
                body("legalBasis", "会员本人书面申请删除个人信息")));
        rows.put("GET /api/members/{id}/history", new Row(tokens.get("dpo"), Map.of("id", member), null));
        rows.put("GET /api/audit/aggregates/{aggregateId}/events", new Row(admin,
                Map.of("aggregateId", ids.get("district")), null));
        rows.put("GET /api/audit/digest", new Row(admin, Map.of(), null));
        rows.put("POST /api/audit/checkpoints", new Row(admin, Map.of(), null));
        rows.put("GET /api/admin/projections", new Row(admin, Map.of(), null));
        rows.put("GET /api/admin/projections/{name}", new Row(admin, Map.of("name", "unions"), null));
        rows.put("POST /api/admin/projections/{name}/replay", new Row(admin, Map.of("name", "no-such-projection"), null));
        rows.put("GET /api/operations/dead-letters", new Row(admin, Map.of(), null));
        rows.put("POST /api/operations/dead-letters/{group}/retry", new Row(admin, Map.of("group", "access-log"), null));
        rows.put("POST /api/operations/dead-letters/{group}/evictions", new Row(admin, Map.of("group", "access-log"),
                body("eventId", "no-such-event", "reason", "语料测试：放弃不存在的事件")));
        // A job id that names no job: each case still breaks one thing of a request that reaches the lookup.
        String job = "5b1c2d3e-4f50-4a61-8b72-9c83d4e5f601";
        rows.put("GET /api/imports", new Row(admin, Map.of(), null));
        rows.put("GET /api/imports/{jobId}", new Row(admin, Map.of("jobId", job), null));
        rows.put("GET /api/imports/{jobId}/report.xlsx", new Row(admin, Map.of("jobId", job), null));
        // The member has no recorded authorisation, so even a submission that got through would be refused;
        // the batch id names no batch.
        rows.put("POST /api/unions/{unionId}/batches", new Row(admin, Map.of("unionId", ids.get("union-a")),
                body("memberIds", List.of(member))));
        String batch = "6c2d3e4f-5061-4b72-8c83-9d94e5f60712";
        rows.put("POST /api/batches/{id}/approval", new Row(admin, Map.of("id", batch),
                body("excluded", Map.of(member, "证件已过期"))));
        rows.put("POST /api/batches/{id}/rejection", new Row(admin, Map.of("id", batch),
                body("reason", "资料不全", "members", Map.of(member, "证件已过期"))));
        rows.put("POST /api/batches/{id}/handover", new Row(admin, Map.of("id", batch),
                body("branch", "工商银行思明支行", "handedOverOn", "2026-11-20", "carriedBy", "李工")));
        rows.put("GET /api/batches", new Row(admin, Map.of(), null));
        rows.put("GET /api/batches/{id}", new Row(admin, Map.of("id", batch), null));
        rows.put("GET /api/batches/{id}/history", new Row(admin, Map.of("id", batch), null));
        rows.put("GET /api/batches/{id}/card-application-list.xlsx", new Row(admin, Map.of("id", batch), null));
        rows.put("GET /api/batches/{id}/card-application-authorisation.xlsx", new Row(admin, Map.of("id", batch),
                null));
        // Cards: the batch id names no batch and the member holds no card, so nothing could be issued or changed.
        rows.put("POST /api/batches/{id}/card-issuance", new Row(tokens.get("bank"), Map.of("id", batch),
                body("branch", "工商银行思明支行", "issuedOn", "2026-11-20", "rows", List.of(Map.of("idNumber",
                        "350203198804160213", "name", "陈语料", "cardNumber", "6222020200112233446", "cardType", "1")))));
        rows.put("POST /api/batches/{id}/card-handouts", new Row(admin, Map.of("id", batch),
                body("memberIds", List.of(member), "handedOutOn", "2026-11-20", "signed", true)));
        rows.put("POST /api/members/{id}/card/handout", new Row(admin, Map.of("id", member),
                body("handedOutOn", "2026-11-20", "signed", true)));
        rows.put("POST /api/members/{id}/card/activation", new Row(tokens.get("bank"), Map.of("id", member),
                body("channel", "inPersonAtBranch", "branch", "工商银行思明支行", "activatedOn", "2026-11-20")));
        rows.put("POST /api/members/{id}/card/number-change", new Row(admin, Map.of("id", member),
                body("newCardNumber", "6222020200112233446", "reason", "LOST", "reportedOn", "2026-11-20")));
        rows.put("POST /api/members/{id}/card/cancellation", new Row(admin, Map.of("id", member),
                body("reason", "CARD_CLOSED", "cancelledOn", "2026-11-20")));
        // Cards: the member has no card and the batch and run ids name none; each case still reaches the lookup.
        rows.put("GET /api/members/{id}/card", new Row(admin, Map.of("id", member), null));
        rows.put("GET /api/batches/{id}/card-issuance", new Row(admin, Map.of("id", batch), null));
        rows.put("GET /api/batches/{id}/card-issuance/{runId}/report.xlsx", new Row(admin,
                Map.of("id", batch, "runId", "7d3e4f50-6172-4c83-9d94-aea5f6071823"), null));
        rows.put("GET /api/batches/{id}/sign-off-sheet.xlsx", new Row(admin, Map.of("id", batch), null));
        rows.put("GET /api/insurance/cover", new Row(admin, Map.of(), null));
        rows.put("GET /api/insurance/cover.xlsx", new Row(admin, Map.of(), null));
        rows.put("GET /api/statistics", new Row(admin, Map.of(), null));
        rows.put("GET /api/statistics.xlsx", new Row(admin, Map.of(), null));
        rows.put("GET /api/audit/verify", new Row(admin, Map.of(), null));
        // The DPO's alerts (the id names none: each case still reaches the lookup) and an account's activity.
        rows.put("GET /api/audit/alerts", new Row(tokens.get("dpo"), Map.of(), null));
        rows.put("POST /api/audit/alerts/{id}/acknowledgement", new Row(tokens.get("dpo"),
                Map.of("id", "8e4f5061-7283-4d94-aea5-b6c7d8e9f0a1"), body("note", "语料测试：核查无异常")));
        rows.put("GET /api/audit/actors/{username}/activity", new Row(tokens.get("dpo"), Map.of("username", "corpus-pw"),
                null));
        rows.put("GET /api/audit/export", new Row(admin, Map.of(), null));
        rows.put("GET /api/audit/events", new Row(admin, Map.of(), null));
        rows.put("GET /api/audit/{aggregateType}/{id}/state", new Row(admin, Map.of("aggregateType", "member",
                "id", member), null));
        rows.put("GET /api/audit/access-log", new Row(tokens.get("dpo"), Map.of(), null));
        rows.put("GET /api/audit/access-log.xlsx", new Row(tokens.get("dpo"), Map.of(), null));
        rows.put("GET /api/audit/members/{id}/access-report", new Row(tokens.get("dpo"), Map.of("id", member), null));
        rows.put("GET /api/audit/members/{id}/access-report.xlsx", new Row(tokens.get("dpo"), Map.of("id", member),
                null));
        for (String template : List.of("member-import", "union-import", "member-form", "union-form")) {
            rows.put("GET /api/templates/" + template + ".xlsx", new Row(admin, Map.of(), null));
        }
        // Outside /api: the error page and the API description are open to anyone.
        rows.put(ANY + " /error", Row.open(null));
        rows.put("GET /v3/api-docs", Row.open(null));
        rows.put("GET /v3/api-docs.yaml", Row.open(null));
        rows.put("GET /v3/api-docs/swagger-config", Row.open(null));
        rows.put("GET /swagger-ui.html", Row.open(null));
        return rows;
    }

    @Test
    void everyMappedEndpointHasACorpusRow() {
        Set<String> mapped = MappedEndpoints.of(registry.context()).keySet();
        assertThat(new TreeSet<>(rows().keySet())).as("rows for endpoints that no longer exist")
                .isSubsetOf(mapped);
        assertThat(new TreeSet<>(mapped)).as("every endpoint needs a row in BadInputCorpusTest.rows()")
                .isSubsetOf(rows().keySet());
    }

    @Test
    void noHostileInputGetsA5xxANonProblemAnswerOrStoresAnything() {
        Map<String, Endpoint> endpoints = MappedEndpoints.of(registry.context());
        Map<String, Row> rows = rows();
        Tally tally = new Tally();
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            Row row = rows.get(e.getKey());
            if (row == null) {
                continue; // everyMappedEndpointHasACorpusRow names it
            }
            for (Case c : cases(e.getValue(), row)) {
                run(c, tally);
            }
        }
        System.out.printf("BadInputCorpusTest: %d cases over %d endpoints; 5xx %d, non-problem %d, accepted %d, "
                        + "field not named %d, stored when refused %d; refused by Tomcat or the security firewall "
                        + "before any field is known %d%n", tally.cases, endpoints.size(),
                tally.count("5xx"), tally.count("non-problem"), tally.count("accepted"), tally.count("field not named"),
                tally.count("stored"), tally.refusedBeforeTheApplication);
        assertThat(tally.cases).as("cases").isGreaterThan(1000);
        assertThat(tally.failures).as("failures (first few of each kind)").isEmpty();
    }

    // ---------------------------------------------------------------- the cases

    /** What one endpoint is sent. */
    private List<Case> cases(Endpoint endpoint, Row row) {
        List<Case> cases = new ArrayList<>();
        String method = endpoint.method().equals(ANY) ? "GET" : endpoint.method();
        String path = endpoint.path(row.path(), Map.of());
        String name = endpoint.method() + " " + endpoint.pattern();
        List<String[]> headers = row.headers();
        byte[] body = row.body() == null ? null : row.bodyBytes();

        // Every path variable: unsafe characters (named), then climbing and separator tricks.
        for (String variable : endpoint.variables()) {
            String valid = row.path().get(variable);
            for (String unsafe : ENCODED_UNSAFE) {
                String target = endpoint.path(row.path(), Map.of(variable, enc(valid) + unsafe));
                cases.add(new Case(name + " path " + variable + "=…" + unsafe, method, target, headers, body,
                        variable, false));
            }
            for (String trick : PATH_TRICKS) {
                cases.add(new Case(name + " path " + variable + "=" + trick, method,
                        endpoint.path(row.path(), Map.of(variable, trick)), headers, body, null, false));
            }
        }
        // Every query parameter the handler reads, the purpose and an unknown one: values, then names.
        Set<String> parameters = new LinkedHashSet<>(endpoint.parameters());
        parameters.add("purpose");
        parameters.add("zzz");
        for (String parameter : parameters) {
            for (String unsafe : ENCODED_UNSAFE) {
                cases.add(new Case(name + " query " + parameter + "=ok" + unsafe, method,
                        path + "?" + parameter + "=ok" + unsafe, headers, body, parameter, true));
            }
            cases.add(new Case(name + " query " + parameter + " malformed escape", method,
                    path + "?" + parameter + "=%ZZ", headers, body, parameter, true));
            cases.add(new Case(name + " query " + parameter + " not UTF-8", method,
                    path + "?" + parameter + "=%FF%FE", headers, body, parameter, true));
        }
        cases.add(new Case(name + " query name with NUL", method, path + "?x%00y=1", headers, body, "x\\u0000y", true));
        cases.add(new Case(name + " query name with RLO", method, path + "?x%E2%80%AEy=1", headers, body,
                "x\\u202Ey", true));
        cases.add(new Case(name + " request line of 20 kB", method, path + "?q=" + "a".repeat(20_000), headers, body,
                null, false));
        // Every header a handler or filter reads, and one nobody reads.
        for (String header : List.of("X-Purpose", "X-Correlation-Id", "Accept-Language", "User-Agent", "Idempotency-Key",
                "If-Match", "X-Anything")) {
            for (String unsafe : HEADER_UNSAFE) {
                List<String[]> h = new ArrayList<>(without(headers, header));
                h.add(new String[] {header, "ok" + unsafe + "x"});
                cases.add(new Case(name + " header " + header + " with U+" + codes(unsafe), method, path, h, body,
                        header, false));
            }
        }
        // Tokens: missing, malformed, forged, expired, unsigned, another scheme.
        List<String> badAuthorisations = new ArrayList<>(List.of("Bearer not-a-token", "Bearer " + HostileTokens.forged(tokens.get("admin")),
                "Bearer " + HostileTokens.expired(tokens.get("admin"), registry.dataDir()), "Bearer " + HostileTokens.unsigned(tokens.get("admin")), "Bearer " + tokens.get("admin") + "x"));
        if (row.token() != null) {
            // An open endpoint rightly ignores a missing token or another scheme; the others must not.
            badAuthorisations.add(null);
            badAuthorisations.add("Basic YWRtaW46QWRtaW5QYXNzLTEyMzQ1");
        }
        for (String authorisation : badAuthorisations) {
            List<String[]> h = new ArrayList<>(without(headers, "Authorization"));
            if (authorisation != null) {
                h.add(new String[] {"Authorization", authorisation});
            }
            String label = authorisation == null ? "none" : authorisation.substring(0, Math.min(20, authorisation.length()));
            cases.add(new Case(name + " authorisation " + label, method, path, h, body, null, false, true));
        }
        if (row.body() != null) {
            cases.addAll(bodyCases(name, method, path, row));
        }
        return cases;
    }

    /** Every JSON field with unsafe text, wrong types and oversize values; then the body as a whole. */
    private List<Case> bodyCases(String name, String method, String path, Row row) {
        List<Case> cases = new ArrayList<>();
        List<String[]> headers = row.headers();
        ObjectNode valid = row.body();
        for (String field : iterable(valid.fieldNames())) {
            JsonNode value = valid.get(field);
            List<String> replacements = new ArrayList<>();
            if (value.isTextual()) {
                String v = value.asText();
                for (String unsafe : List.of("\u0000", "\u0001", "\u001f", "\u007f", "\u0085", "\u202e", "\u2066",
                        "\u200b", "\u200d", "\ufeff", "\u00ad", "\u2028", "\u061c")) {
                    replacements.add(quote(v + unsafe));
                    replacements.add(quote(unsafe + v));
                }
                replacements.addAll(List.of("\"\\ud800\"", "\"a\\udc00\"", "12", "12.5", "true", "false", "{}", "[]",
                        "[\"" + v.replace("\"", "") + "\"]", "{\"zh\":\"x\"}"));
            } else if (value.isBoolean()) {
                replacements.addAll(List.of("\"yes\"", "\"true\"", "1", "{}", "[]"));
            } else if (value.isNumber()) {
                replacements.addAll(List.of("\"many\"", "true", "{}", "1e400", "99999999999999999999"));
            }
            for (String replacement : replacements) {
                cases.add(new Case(name + " body " + field + "=" + shorten(replacement), method, path,
                        withJson(headers), row.bodyWith(field, replacement), field, true));
            }
            if (value.isTextual() && !row.credentialFields().contains(field)) {
                cases.add(new Case(name + " body " + field + " oversize", method, path, withJson(headers),
                        row.bodyWith(field, quote("字".repeat(OVERSIZE))), field, false));
            }
        }
        cases.add(new Case(name + " body unknown field", method, path, withJson(headers),
                row.bodyWith("zzz", "1"), "zzz", true));
        byte[] validBody = row.bodyBytes();
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x")) {
            List<String[]> h = new ArrayList<>(without(headers, "Content-Type"));
            h.add(new String[] {"Content-Type", type});
            cases.add(new Case(name + " content type " + type, method, path, h, validBody, null, false));
        }
        cases.add(new Case(name + " no content type", method, path, without(headers, "Content-Type"), validBody,
                null, false));
        for (String malformed : List.of("", "{", "null", "[]", "\"text\"", "12", "{\"a\":1}{\"b\":2}", "{'a':1}",
                "[".repeat(3000) + "]".repeat(3000), "{\"x\":" + "[".repeat(3000) + "]".repeat(3000) + "}")) {
            cases.add(new Case(name + " malformed body " + shorten(malformed), method, path, withJson(headers),
                    malformed.getBytes(StandardCharsets.UTF_8), null, false));
        }
        byte[] notUtf8 = "{\"zzz\":\"\u00ff\u00fe\"}".getBytes(StandardCharsets.ISO_8859_1);
        cases.add(new Case(name + " body not UTF-8", method, path, withJson(headers), notUtf8, null, false));
        return cases;
    }

    // ---------------------------------------------------------------- running a case

    private void run(Case c, Tally tally) {
        long[] before = counts();
        Answer a = raw.send(c.method(), c.target(), c.headers(), c.body());
        tally.cases++;
        if (a.status() >= 500) {
            tally.fail("5xx", c, a);
        } else if (a.status() < 400) {
            tally.fail("accepted", c, a);
        }
        boolean problem = a.contentType().startsWith("application/problem+json");
        JsonNode doc = problem ? parse(a.body()) : null;
        if (!problem || doc == null || doc.path("status").asInt() != a.status() || doc.path("type").asText().isEmpty()) {
            tally.fail("non-problem", c, a);
        } else if (c.field() != null) {
            boolean invalidInput = doc.path("type").asText().equals("/problems/invalid-input");
            Set<String> named = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            StreamSupport.stream(doc.path("errors").spliterator(), false).map(e -> e.path("field").asText())
                    .forEach(named::add);
            if ((invalidInput || c.strictField()) && !named.contains(c.field())) {
                tally.fail("field not named", c, a);
            } else if (!invalidInput) {
                tally.refusedBeforeTheApplication++;
            }
        }
        if (c.authentication() && a.status() != 401) {
            tally.fail("accepted", c, a);
        }
        long[] after = counts();
        if (!java.util.Arrays.equals(before, after)) {
            tally.fail("stored", c, a);
            settle();
        }
    }

    private long[] counts() {
        String sql = COUNTED.stream().map(t -> "(select count(*) from " + t + ")")
                .reduce((x, y) -> x + ", " + y).map(s -> "select " + s).orElseThrow();
        return counter.query(sql, rs -> {
            rs.next();
            long[] out = new long[COUNTED.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = rs.getLong(i + 1);
            }
            return out;
        });
    }

    /** Waits until the streaming projections have caught up with the set-up (counts still for a second). */
    private void settle() {
        long[] last = counts();
        long stableSince = System.nanoTime();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() - stableSince < 1_000_000_000L && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long[] now = counts();
            if (!java.util.Arrays.equals(now, last)) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
    }

    // ---------------------------------------------------------------- rows and cases

    /** The valid request of one endpoint: caller, path values, body, extra headers, fields that are credentials. */
    record Row(String token, Map<String, String> path, ObjectNode body, List<String[]> extraHeaders,
               Set<String> credentialFields) {

        Row(String token, Map<String, String> path, ObjectNode body) {
            this(token, path, body, List.of(), Set.of());
        }

        static Row open(ObjectNode body) {
            return new Row(null, Map.of(), body);
        }

        Row header(String name, String value) {
            List<String[]> h = new ArrayList<>(extraHeaders);
            h.add(new String[] {name, value});
            return new Row(token, path, body, h, credentialFields);
        }

        /** Fields whose oversize value is only a wrong credential (and a recorded failed login), not bad input. */
        Row credentials(String... fields) {
            return new Row(token, path, body, extraHeaders, Set.of(fields));
        }

        List<String[]> headers() {
            List<String[]> h = new ArrayList<>(extraHeaders);
            if (token != null) {
                h.add(new String[] {"Authorization", "Bearer " + token});
            }
            if (body != null) {
                h.add(new String[] {"Content-Type", "application/json"});
            }
            return h;
        }

        byte[] bodyBytes() {
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** The valid body with one field's JSON replaced by {@code rawJson}. */
        byte[] bodyWith(String field, String rawJson) {
            StringBuilder out = new StringBuilder("{");
            boolean replaced = false;
            for (String name : iterable(body.fieldNames())) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(quote(name)).append(':');
                if (name.equals(field)) {
                    out.append(rawJson);
                    replaced = true;
                } else {
                    out.append(body.get(name).toString());
                }
            }
            if (!replaced) {
                out.append(out.length() > 1 ? "," : "").append(quote(field)).append(':').append(rawJson);
            }
            return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * One hostile request. {@code field}: the field the refusal must name when it is an
     * {@code invalid-input} problem (always, when {@code strictField}); {@code authentication}: must be a 401.
     */
    record Case(String name, String method, String target, List<String[]> headers, byte[] body, String field,
                boolean strictField, boolean authentication) {

        Case(String name, String method, String target, List<String[]> headers, byte[] body, String field,
             boolean strictField) {
            this(name, method, target, headers, body, field, strictField, false);
        }
    }

    /** Counts and the first few failures of each kind. */
    static final class Tally {
        int cases;
        /** Field cases answered by Tomcat or the firewall (a path with %00, a raw control byte in a header). */
        int refusedBeforeTheApplication;
        final Map<String, Integer> counts = new TreeMap<>();
        final List<String> failures = new ArrayList<>();

        void fail(String kind, Case c, Answer a) {
            int n = counts.merge(kind, 1, Integer::sum);
            System.out.println("CORPUS " + kind + ": " + c.name() + " → " + a);
            if (n <= 5) {
                failures.add(kind + ": " + c.name() + " → " + a);
            }
        }

        int count(String kind) {
            return counts.getOrDefault(kind, 0);
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static ObjectNode body(Object... pairs) {
        ObjectNode node = Api.JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.putPOJO((String) pairs[i], pairs[i + 1]);
        }
        return (ObjectNode) Api.JSON.valueToTree(node);
    }

    private static ObjectNode json(Map<String, Object> form) {
        return Api.JSON.valueToTree(form);
    }

    private static String quote(String s) {
        try {
            return Api.JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return Api.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String[]> without(List<String[]> headers, String name) {
        return headers.stream().filter(h -> !h[0].equalsIgnoreCase(name)).toList();
    }

    private static List<String[]> withJson(List<String[]> headers) {
        List<String[]> h = new ArrayList<>(without(headers, "Content-Type"));
        h.add(new String[] {"Content-Type", "application/json"});
        return h;
    }

    private static String utf8AsLatin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static String codes(String s) {
        StringBuilder out = new StringBuilder();
        s.chars().forEach(c -> out.append(String.format(Locale.ROOT, "%02X", c)));
        return out.toString();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…(" + s.length() + ")" : s;
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
