package cn.unioncard.registry.it;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.card.ActivationChannel;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.IssuanceOutcome;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.imports.ImportCompleted;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.events.imports.RowResult;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint × every role × inside/outside the caller's subtree × masked/revealed, held to
 * the one refusal rule (README "Refusals"): anonymous 401; outside the subtree 404; inside it a
 * missing permission 403; a missing purpose 400. No refused or masked answer shows personal data,
 * a refusal stores nothing but its own record (one AccessDenied of its kind; nothing for an anonymous caller),
 * and every answer showing member data has its
 * {@code PersonalDataAccessed} event in the event store. The endpoint list comes from the running
 * application: an endpoint without a row in {@link #rows()} fails this test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTest {

    enum Who { CITY_ADMIN, DISTRICT_REVIEWER, UNION_OPERATOR, BANK_OPERATOR, AUDITOR, DPO, ANONYMOUS }

    /** Where the addressed union or member lies for the caller; NONE: the endpoint addresses none. */
    enum Where { INSIDE, OUTSIDE, NONE }

    /** MASKED/REVEALED: what a member-data answer shows; NO_PURPOSE: revealed, but no purpose given. */
    enum View { MASKED, REVEALED, NO_PURPOSE, NONE }

    /** What one request is sent with: the caller, the target's place and the view asked for. */
    record Case(Row row, Who who, Where where, View view) {
        @Override
        public String toString() {
            return row.key + " as " + who + " " + where + (view == View.NONE ? "" : " " + view);
        }
    }

    /** The targets one request addresses; {@code member} is fresh when a change is expected to succeed. */
    record Target(String union, String parent, String member) {
    }

    interface Sender {
        Response send(String token, Target target, View view);
    }

    /** Whether a role may do what the endpoint does, in a view (scope aside). */
    interface May {
        boolean test(Who who, View view);

        static May roles(Set<Who> roles) {
            return (who, view) -> roles.contains(who);
        }
    }

    /**
     * One endpoint's row: which roles it lets in (scope aside), for which of them a missing
     * purpose is refused, whether it addresses a union or member, the views it offers, what it
     * answers when allowed, and whether that answer shows member data (and needs an access record).
     */
    record Row(String key, boolean targeted, List<View> views, May may, Set<Who> needPurpose,
               Set<Integer> allowedStatus, String allowedProblem, boolean showsMemberData, boolean changesMember,
               Sender sender) {

        static Row of(String key) {
            return new Row(key, false, List.of(View.NONE), May.roles(NOBODY), NOBODY, Set.of(200), null, false,
                    false, null);
        }

        /** Addresses a union or member, which lies inside or outside the caller's subtree. */
        Row inTree() {
            return new Row(key, true, views, may, needPurpose, allowedStatus, allowedProblem, showsMemberData,
                    changesMember, sender);
        }

        Row may(Set<Who> roles) {
            return may(May.roles(roles));
        }

        Row may(May rule) {
            return new Row(key, targeted, views, rule, needPurpose, allowedStatus, allowedProblem, showsMemberData,
                    changesMember, sender);
        }

        /** Shows member data in these views (needs an access record); {@code purpose}: who must state one. */
        Row showsMembers(List<View> shown, Set<Who> purpose) {
            return new Row(key, targeted, shown, may, purpose, allowedStatus, allowedProblem, true, changesMember,
                    sender);
        }

        Row answers(int status) {
            return new Row(key, targeted, views, may, needPurpose, Set.of(status), allowedProblem, showsMemberData,
                    changesMember, sender);
        }

        /** Allowed callers reach a check of the request's content that refuses it as sent. */
        Row answersProblem(int status, String type) {
            return new Row(key, targeted, views, may, needPurpose, Set.of(status), type, showsMemberData,
                    changesMember, sender);
        }

        /** Changes the member: a case expected to succeed gets a member of its own. */
        Row changing() {
            return new Row(key, targeted, views, may, needPurpose, allowedStatus, allowedProblem, showsMemberData,
                    true, sender);
        }

        Row send(Sender how) {
            return new Row(key, targeted, views, may, needPurpose, allowedStatus, allowedProblem, showsMemberData,
                    changesMember, how);
        }
    }

    private static final String PURPOSE = "核对会员信息以便办卡";
    private static final Set<Who> EVERYONE_SIGNED_IN = EnumSet.complementOf(EnumSet.of(Who.ANONYMOUS));
    private static final Set<Who> MEMBER_WRITERS = EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER,
            Who.UNION_OPERATOR);
    private static final Set<Who> NOBODY = EnumSet.noneOf(Who.class);
    /** Who may reveal a card number (with a purpose) and print a sign-off sheet: the members' writers and the bank. */
    private static final Set<Who> CARD_REVEALERS = EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER,
            Who.UNION_OPERATOR, Who.BANK_OPERATOR);

    private RunningRegistry registry;
    private Api api;
    private final Map<Who, String> tokens = new LinkedHashMap<>();
    private final Map<Who, String> usernames = new LinkedHashMap<>();
    private String cityId;
    private String districtA;
    private String districtB;
    private String grassrootsA;
    private String grassrootsB;
    private String transferCode;
    private String memberA;
    private String memberB;
    /** A finished import job in each grassroots union, whose report shows that union's shared member. */
    private final Map<String, String> importJobIn = new LinkedHashMap<>();
    /** An open batch in each grassroots union, and its one member. */
    private final Map<String, String> batchIn = new LinkedHashMap<>();
    private final Map<String, String> batchMemberIn = new LinkedHashMap<>();
    /** An approved batch in each grassroots union, for its card application list. */
    private final Map<String, String> approvedBatchIn = new LinkedHashMap<>();
    private final Map<String, String> approvedMemberIn = new LinkedHashMap<>();
    /** A bank return's run recorded for each union's approved batch: its member was issued a card, activated today. */
    private final Map<String, String> cardRunIn = new LinkedHashMap<>();
    /** An authorised member in no batch in each grassroots union: in the union's registry-made offline report. */
    private final Map<String, String> reportedMemberIn = new LinkedHashMap<>();
    /** An operator account in each grassroots union: the target of an unlock and a password reset. */
    private final Map<String, String> accountIn = new LinkedHashMap<>();
    /** An offline report key issued to each grassroots union: the target of a revocation. */
    private final Map<String, String> offlineKeyIn = new LinkedHashMap<>();
    /** Every name, ID number and mobile given to a member here: none may show where it should not. */
    private final Set<String> names = new TreeSet<>();
    private final Set<String> secrets = new TreeSet<>();
    private int sequence;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        cityId = MemberSupport.cityId(api, admin);
        districtA = create(admin, Forms.district(cityId, "集美区总工会"));
        districtB = create(admin, Forms.district(cityId, "海沧区总工会"));
        Response ga = api.post("/api/unions", admin, Forms.minimalGrassroots(districtA, "集美食品厂工会"));
        assertThat(ga.status()).as("%s", ga).isEqualTo(201);
        grassrootsA = ga.json().path("unionId").asText();
        Response gb = api.post("/api/unions", admin, Forms.minimalGrassroots(districtB, "海沧港务公司工会"));
        assertThat(gb.status()).as("%s", gb).isEqualTo(201);
        grassrootsB = gb.json().path("unionId").asText();
        Response ga2 = api.post("/api/unions", admin, Forms.minimalGrassroots(districtA, "集美软件园工会"));
        transferCode = ga2.json().path("systemCode").asText();

        tokens.put(Who.CITY_ADMIN, admin);
        usernames.put(Who.CITY_ADMIN, ADMIN);
        String operator = ga.json().path("operatorUsername").asText();
        tokens.put(Who.UNION_OPERATOR, api.loginAndChangePassword(operator, ga.json().path("oneTimePassword").asText(),
                "Operator-Password-A"));
        usernames.put(Who.UNION_OPERATOR, operator);
        account(admin, Who.DISTRICT_REVIEWER, "matrix.reviewer", districtA);
        account(admin, Who.BANK_OPERATOR, "matrix.bank", cityId);
        account(admin, Who.AUDITOR, "matrix.auditor", cityId);
        account(admin, Who.DPO, "matrix.dpo", cityId);
        MemberSupport.account(api, admin, "matrix.login", "AUDITOR", cityId);

        accountIn.put(grassrootsA, opened(admin, "matrix.clerk.a", grassrootsA));
        accountIn.put(grassrootsB, opened(admin, "matrix.clerk.b", grassrootsB));
        memberA = member(grassrootsA);
        memberB = member(grassrootsB);
        importJobIn.put(grassrootsA, importJob(grassrootsA, memberA));
        importJobIn.put(grassrootsB, importJob(grassrootsB, memberB));
        String clerkB = api.loginAndChangePassword(gb.json().path("operatorUsername").asText(),
                gb.json().path("oneTimePassword").asText(), "Operator-Password-B");
        batch(grassrootsA, tokens.get(Who.UNION_OPERATOR));
        batch(grassrootsB, clerkB);
        approvedBatchIn.put(grassrootsA, approvedBatch(grassrootsA, tokens.get(Who.UNION_OPERATOR)));
        approvedBatchIn.put(grassrootsB, approvedBatch(grassrootsB, clerkB));
        int card = 0;
        for (String union : List.of(grassrootsA, grassrootsB)) {
            String run = java.util.UUID.randomUUID().toString();
            cardRunIn.put(union, run);
            String holder = approvedMemberIn.get(union);
            String cardId = java.util.UUID.randomUUID().toString();
            storeCard(run, "CardIssuanceRun", new CardIssuanceRecorded(run, approvedBatchIn.get(union), union, "json",
                    List.of(new IssuanceResult(1, holder, cardId, IssuanceOutcome.ISSUED)), 1, 0));
            storeCard(cardId, "Card", new CardIssued(cardId, holder, union, approvedBatchIn.get(union), run,
                    secret("62220202001" + String.format("%08d", ++card)), CardType.DEBIT, "工商银行", Today.inXiamen()));
            storeCard(cardId, "Card", new CardActivated(cardId, holder, ActivationChannel.IN_PERSON_AT_BRANCH, "工商银行",
                    Today.inXiamen(), Today.inXiamen(), ADMIN));
            String shared = union.equals(grassrootsA) ? memberA : memberB;
            String sharedCard = java.util.UUID.randomUUID().toString();
            storeCard(sharedCard, "Card", new CardIssued(sharedCard, shared, union, approvedBatchIn.get(union), run,
                    secret("62220202001" + String.format("%08d", ++card)), CardType.DEBIT, "工商银行", Today.inXiamen()));
        }
        for (String union : List.of(grassrootsA, grassrootsB)) {
            String reported = member(union);
            Response authorised = api.post("/api/members/" + reported + "/authorisation", admin,
                    Map.of("receivedOn", Today.inXiamen().minusDays(1).toString(), "scanReference", "S-2"));
            assertThat(authorised.status()).as("%s", authorised).isEqualTo(204);
            reportedMemberIn.put(union, reported);
        }
        for (String union : List.of(grassrootsA, grassrootsB)) {
            Response key = api.post("/api/unions/" + union + "/offline-keys", admin, "");
            assertThat(key.status()).as("%s", key).isEqualTo(201);
            offlineKeyIn.put(union, key.json().path("keyId").asText());
        }
        // A signed checkpoint exists before anyone asks for the digest.
        assertThat(api.post("/api/audit/checkpoints", admin, "").status()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private String create(String token, Map<String, Object> form) {
        Response r = api.post("/api/unions", token, form);
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }

    /** An account opened in {@code unionId} that nobody logs in to. */
    private String opened(String admin, String username, String unionId) {
        Response r = api.post("/api/users", admin,
                Map.of("username", username, "displayName", "经办 " + username, "role", "UNION_OPERATOR", "unionId", unionId));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return username;
    }

    private void account(String admin, Who who, String username, String unionId) {
        tokens.put(who, MemberSupport.account(api, admin, username, who.name(), unionId));
        usernames.put(who, username);
    }

    /** An open batch of one authorised member in {@code unionId}, submitted by the union's own clerk. */
    private void batch(String unionId, String clerk) {
        String member = member(unionId);
        batchIn.put(unionId, submitted(unionId, clerk, member));
        batchMemberIn.put(unionId, member);
    }

    /** A batch of one member in {@code unionId}, submitted by its clerk and approved by the city's admin. */
    private String approvedBatch(String unionId, String clerk) {
        String member = member(unionId);
        approvedMemberIn.put(unionId, member);
        String batch = submitted(unionId, clerk, member);
        Response approved = api.post("/api/batches/" + batch + "/approval", tokens.get(Who.CITY_ADMIN), Map.of());
        assertThat(approved.status()).as("%s", approved).isIn(200, 204);
        return batch;
    }

    private String submitted(String unionId, String clerk, String member) {
        Response authorised = api.post("/api/members/" + member + "/authorisation", tokens.get(Who.CITY_ADMIN),
                Map.of("receivedOn", Today.inXiamen().minusDays(1).toString(), "scanReference", "S-1"));
        assertThat(authorised.status()).as("%s", authorised).isEqualTo(204);
        Response submitted = api.post("/api/unions/" + unionId + "/batches", clerk, Map.of("memberIds", List.of(member)));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);
        return submitted.json().path("batchId").asText();
    }

    /** A card's event stored as the card side stores it: under the card's (or run's) id, sealed, projected. */
    private void storeCard(String aggregateId, String type, Object event) {
        long seq = registry.jdbc().queryForObject(
                "select count(*) from domain_event_entry where aggregate_identifier = ?", Long.class, aggregateId);
        Actor actor = new Actor(ADMIN, Role.CITY_ADMIN, cityId, "127.0.0.1", "matrix", null);
        registry.context().getBean(org.axonframework.eventhandling.EventBus.class).publish(
                new org.axonframework.eventhandling.GenericDomainEventMessage<>(type, aggregateId, seq, event,
                        AuditMetadata.of(actor)));
    }

    /** A new member of {@code unionId}, registered by the city's admin. */
    private String member(String unionId) {
        int n = ++sequence;
        String name = "矩阵会员" + chinese(n);
        String id = ResidentIds.of("350203", LocalDate.of(1985, 1, 1).plusDays(37L * n), 100 + n);
        String mobile = "1395921" + String.format("%04d", n);
        Response r = api.post("/api/unions/" + unionId + "/members", tokens.get(Who.CITY_ADMIN),
                MemberData.form(name, id, mobile).json());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        names.add(name);
        secret(id);
        secret(mobile);
        return r.json().path("memberId").asText();
    }

    /**
     * A finished import of one row that became {@code memberId}, published as the import's command side
     * publishes it, with a report file stored.
     */
    private String importJob(String unionId, String memberId) {
        String job = java.util.UUID.randomUUID().toString();
        ImportFiles files = registry.context().getBean(ImportFiles.class);
        try (java.io.OutputStream out = files.create(job, ImportFiles.Part.REPORT)) {
            out.write("a report".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Actor uploader = new Actor(ADMIN, Role.CITY_ADMIN, cityId, "127.0.0.1", "matrix", null);
        EventGateway events = registry.context().getBean(EventGateway.class);
        for (Object event : List.of(
                new ImportStarted(job, ImportKind.MEMBERS, unionId, "matrix.xlsx", "0f".repeat(32), 9),
                new ImportRowsProcessed(job, 1, 2, 1, 0, 0, List.of(new ImportedRow(2, RowResult.ACCEPTED, memberId,
                        List.of()))),
                new ImportCompleted(job, 1, 1, 0, 0, 10))) {
            events.publish(GenericEventMessage.asEventMessage(event).andMetaData(AuditMetadata.of(uploader)));
        }
        return job;
    }

    /** A number in Chinese numerals: names take no digits. */
    private static String chinese(int n) {
        StringBuilder s = new StringBuilder();
        for (char d : Integer.toString(n).toCharArray()) {
            s.append("零一二三四五六七八九".charAt(d - '0'));
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------ the rows

    /** The matrix's rows, one per endpoint: a new endpoint adds its row here. */
    private List<Row> rows() {
        Set<Who> audit = EnumSet.of(Who.CITY_ADMIN, Who.AUDITOR, Who.DPO);
        Set<Who> verifiers = EnumSet.of(Who.CITY_ADMIN, Who.AUDITOR);
        Set<Who> unionEditors = EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER);
        Set<Who> reviewers = EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER);
        Set<Who> importReaders = EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER, Who.UNION_OPERATOR, Who.AUDITOR,
                Who.DPO);
        Set<Who> cardChangers = EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER, Who.UNION_OPERATOR, Who.BANK_OPERATOR);
        return List.of(
                Row.of("POST /api/auth/token").may(EnumSet.allOf(Who.class))
                        .send((token, t, v) -> api.post("/api/auth/token", token,
                                Map.of("username", "matrix.login", "password", "Password-of-matrix.login"))),
                // A wrong current password: every signed-in caller reaches that check, and nothing changes.
                Row.of("POST /api/auth/password").may(EVERYONE_SIGNED_IN)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/auth/password", token, Map.of(
                                "currentPassword", "not-the-password-1", "newPassword", "Some-New-Password-1"))),
                Row.of("POST /api/users").inTree().may(unionEditors).answers(201)
                        .send((token, t, v) -> api.post("/api/users", token, Map.of(
                                "username", "matrix.user" + (++sequence), "displayName", "经办 " + sequence,
                                "role", "UNION_OPERATOR", "unionId", t.union()))),
                // Lifting a lock is for those who open accounts there; nothing is locked, so nothing changes.
                Row.of("POST /api/users/{username}/unlock").inTree().may(unionEditors).answers(204)
                        .send((token, t, v) -> api.post("/api/users/" + accountIn.get(t.union()) + "/unlock", token, "")),
                // Who may unlock may reset (a clerk nobody logs in to, so no one's token is revoked).
                Row.of("POST /api/users/{username}/password-reset").inTree().may(unionEditors)
                        .send((token, t, v) -> api.post("/api/users/" + accountIn.get(t.union()) + "/password-reset",
                                token, "")),
                Row.of("GET /api/users").may(EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER, Who.AUDITOR, Who.DPO))
                        .send((token, t, v) -> api.get("/api/users", token)),
                Row.of("POST /api/unions").inTree().may(unionEditors).answers(201)
                        .send((token, t, v) -> api.post("/api/unions", token,
                                Forms.minimalGrassroots(t.parent(), "矩阵工会" + chinese(++sequence)))),
                Row.of("GET /api/unions").may(EVERYONE_SIGNED_IN)
                        .send((token, t, v) -> api.get("/api/unions", token)),
                Row.of("GET /api/unions/{id}").inTree().may(EVERYONE_SIGNED_IN)
                        .send((token, t, v) -> api.get("/api/unions/" + t.union(), token)),
                Row.of("PUT /api/unions/{id}").inTree().may(unionEditors).answers(204)
                        .send((token, t, v) -> api.put("/api/unions/" + t.union(), token,
                                Forms.minimalGrassroots(t.union().equals(grassrootsA) ? districtA : districtB,
                                        "矩阵改名工会" + chinese(++sequence)), "If-Match", etag(t.union()))),
                Row.of("POST /api/unions/{unionId}/members").inTree().may(MEMBER_WRITERS).answers(201)
                        .send((token, t, v) -> api.post("/api/unions/" + t.union() + "/members", token,
                                newMemberForm())),
                // An allowed caller's empty file is refused as content: the spreadsheet is never read here.
                Row.of("POST /api/unions/{unionId}/member-imports").inTree().may(MEMBER_WRITERS)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> ImportSupport.upload(api, "/api/unions/" + t.union()
                                + "/member-imports", token, "会员.xlsx", new byte[0])),
                Row.of("POST /api/unions/{unionId}/offline-keys").inTree().may(MEMBER_WRITERS).answers(201)
                        .send((token, t, v) -> api.post("/api/unions/" + t.union() + "/offline-keys", token, "")),
                Row.of("GET /api/unions/{unionId}/offline-keys").inTree().may(MEMBER_WRITERS)
                        .send((token, t, v) -> api.get("/api/unions/" + t.union() + "/offline-keys", token)),
                // Revoking is idempotent: the first allowed caller revokes the union's key, the others find it revoked.
                Row.of("POST /api/unions/{unionId}/offline-keys/{keyId}/revocation").inTree().may(MEMBER_WRITERS)
                        .answers(204)
                        .send((token, t, v) -> api.post("/api/unions/" + t.union() + "/offline-keys/"
                                + offlineKeyIn.get(t.union()) + "/revocation", token, "")),
                // The registry-made .das holds its authorised members in no batch, in full: a read of them all.
                Row.of("GET /api/unions/{unionId}/offline-report.das").inTree().may(MEMBER_WRITERS)
                        .showsMembers(List.of(View.REVEALED), NOBODY)
                        .send((token, t, v) -> api.get("/api/unions/" + t.union() + "/offline-report.das", token)),
                // The role first (the union is named inside the file); an allowed caller's empty file is content.
                Row.of("POST /api/offline-reports").may(EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER))
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> ImportSupport.upload(api, "/api/offline-reports", token, "report.das",
                                new byte[0])),
                Row.of("POST /api/unions/{districtId}/union-imports").inTree()
                        .may(EnumSet.of(Who.CITY_ADMIN, Who.DISTRICT_REVIEWER))
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> ImportSupport.upload(api, "/api/unions/" + t.parent()
                                + "/union-imports", token, "工会.xlsx", new byte[0])),
                Row.of("GET /api/unions/{unionId}/members").inTree().may(all(Who.BANK_OPERATOR))
                        .showsMembers(List.of(View.MASKED), NOBODY)
                        .send((token, t, v) -> api.get("/api/unions/" + t.union() + "/members", token)),
                // Auditors and DPOs read masked details; revealing is for the member's writers, with a purpose.
                Row.of("GET /api/members/{id}").inTree()
                        .may((who, view) -> who != Who.BANK_OPERATOR && who != Who.ANONYMOUS
                                && (view == View.MASKED || MEMBER_WRITERS.contains(who)))
                        .showsMembers(List.of(View.MASKED, View.REVEALED, View.NO_PURPOSE), MEMBER_WRITERS)
                        .send((token, t, v) -> api.get("/api/members/" + t.member() + switch (v) {
                            case REVEALED -> "?reveal=true&purpose=" + enc(PURPOSE);
                            case NO_PURPOSE -> "?reveal=true";
                            default -> "";
                        }, token)),
                Row.of("PATCH /api/members/{id}").inTree().may(MEMBER_WRITERS).answers(204).changing()
                        .send((token, t, v) -> MemberSupport.patch(api, "/api/members/" + t.member(), token,
                                Map.of("mobile", secret("1365921" + String.format("%04d", ++sequence))),
                                "If-Match", "*")),
                Row.of("POST /api/members/{id}/authorisation").inTree().may(MEMBER_WRITERS).answers(204)
                        .changing()
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/authorisation", token,
                                Map.of("receivedOn", Today.inXiamen().minusDays(1).toString(), "scanReference", "S-1"))),
                Row.of("POST /api/members/{id}/withdrawal").inTree().may(MEMBER_WRITERS).answers(204).changing()
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/withdrawal", token,
                                Map.of("reason", "调离本单位"))),
                Row.of("POST /api/members/{id}/transfer").inTree().may(MEMBER_WRITERS).answers(204).changing()
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/transfer", token,
                                Map.of("toSystemCode", transferCode, "newEmployerName", "厦门软件园管理有限公司"))),
                Row.of("POST /api/members/{id}/erasure").inTree().may(EnumSet.of(Who.DPO)).answers(204)
                        .changing()
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/erasure", token,
                                Map.of("legalBasis", "《个人信息保护法》第四十七条：会员撤回同意"))),
                // Whoever may reveal the member reads its history with a purpose; auditors and DPOs by office.
                Row.of("GET /api/members/{id}/history").inTree().may(all(Who.BANK_OPERATOR))
                        .showsMembers(List.of(View.REVEALED, View.NO_PURPOSE), MEMBER_WRITERS)
                        .send((token, t, v) -> api.get("/api/members/" + t.member() + "/history"
                                + (v == View.REVEALED ? "?purpose=" + enc(PURPOSE) : ""), token)),
                // Allowed callers reach a check of the content that refuses it as sent: nothing is submitted,
                // reviewed or handed over, and the batches stay open for the next case.
                Row.of("POST /api/unions/{unionId}/batches").inTree().may(MEMBER_WRITERS)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/unions/" + t.union() + "/batches", token,
                                Map.of("memberIds", List.of()))),
                Row.of("POST /api/batches/{id}/approval").inTree().may(reviewers)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/batches/" + batchIn.get(t.union()) + "/approval", token,
                                Map.of("excluded", Map.of(batchMemberIn.get(t.union()), "x")))),
                Row.of("POST /api/batches/{id}/rejection").inTree().may(reviewers)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/batches/" + batchIn.get(t.union()) + "/rejection", token,
                                Map.of("reason", "x"))),
                Row.of("POST /api/batches/{id}/handover").inTree().may(MEMBER_WRITERS)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/batches/" + batchIn.get(t.union()) + "/handover", token,
                                Map.of("branch", "x", "handedOverOn", Today.inXiamen().toString(), "carriedBy", "李工"))),
                Row.of("GET /api/imports/{jobId}").inTree().may(importReaders)
                        .send((token, t, v) -> api.get("/api/imports/" + importJobIn.get(t.union()), token)),
                Row.of("GET /api/imports").inTree().may(importReaders)
                        .send((token, t, v) -> api.get("/api/imports?unionId=" + t.union(), token)),
                // The report repeats the uploaded rows unmasked: a read of the members they became.
                Row.of("GET /api/imports/{jobId}/report.xlsx").inTree().may(importReaders)
                        .showsMembers(List.of(View.REVEALED), NOBODY)
                        .send((token, t, v) -> api.get("/api/imports/" + importJobIn.get(t.union()) + "/report.xlsx",
                                token)),
                // Batches: the list and the history show no member data; a batch's page shows its members masked.
                Row.of("GET /api/batches").inTree().may(importReaders)
                        .send((token, t, v) -> api.get("/api/batches?unionId=" + t.union(), token)),
                Row.of("GET /api/batches/{id}").inTree().may(importReaders)
                        .showsMembers(List.of(View.MASKED), NOBODY)
                        .send((token, t, v) -> api.get("/api/batches/" + batchIn.get(t.union()), token)),
                Row.of("GET /api/batches/{id}/history").inTree().may(importReaders)
                        .send((token, t, v) -> api.get("/api/batches/" + batchIn.get(t.union()) + "/history", token)),
                Row.of("GET /api/audit/aggregates/{aggregateId}/events").inTree().may(audit)
                        .showsMembers(List.of(View.REVEALED), NOBODY)
                        .send((token, t, v) -> api.get("/api/audit/aggregates/" + t.member() + "/events", token)),
                // The DPO's alerts; no alert exists, so an acknowledgement that gets through finds none.
                Row.of("GET /api/audit/alerts").may(EnumSet.of(Who.DPO))
                        .send((token, t, v) -> api.get("/api/audit/alerts?state=all", token)),
                Row.of("POST /api/audit/alerts/{id}/acknowledgement").may(EnumSet.of(Who.DPO))
                        .answersProblem(404, "/problems/not-found")
                        .send((token, t, v) -> api.post("/api/audit/alerts/" + java.util.UUID.randomUUID()
                                + "/acknowledgement", token, Map.of("note", "核查：无异常"))),
                Row.of("GET /api/audit/actors/{username}/activity").may(EnumSet.of(Who.DPO, Who.AUDITOR))
                        .send((token, t, v) -> api.get("/api/audit/actors/" + ADMIN + "/activity", token)),
                Row.of("GET /api/audit/digest").may(audit)
                        .send((token, t, v) -> api.get("/api/audit/digest", token)),
                Row.of("POST /api/audit/checkpoints").may(verifiers)
                        .send((token, t, v) -> api.post("/api/audit/checkpoints", token, "")),
                Row.of("GET /api/audit/verify").may(verifiers)
                        .send((token, t, v) -> api.get("/api/audit/verify", token)),
                // The access log names members by id and readers, no member data; its sheet records its own read.
                Row.of("GET /api/audit/access-log").may(EnumSet.of(Who.DPO, Who.AUDITOR))
                        .send((token, t, v) -> api.get("/api/audit/access-log?size=5", token)),
                Row.of("GET /api/audit/access-log.xlsx").may(EnumSet.of(Who.DPO, Who.AUDITOR))
                        .send((token, t, v) -> api.get("/api/audit/access-log.xlsx?memberId=" + memberA, token)),
                // A member's access report: who processed and read them, no data of theirs; its read is recorded.
                Row.of("GET /api/audit/members/{id}/access-report").inTree().may(EnumSet.of(Who.DPO))
                        .showsMembers(List.of(View.MASKED), NOBODY)
                        .send((token, t, v) -> api.get("/api/audit/members/" + t.member() + "/access-report", token)),
                Row.of("GET /api/audit/members/{id}/access-report.xlsx").inTree().may(EnumSet.of(Who.DPO))
                        .showsMembers(List.of(View.MASKED), NOBODY)
                        .send((token, t, v) -> api.get("/api/audit/members/" + t.member() + "/access-report.xlsx",
                                token)),
                // Failed projections: the city admin and the DPO see them; only the city admin acts on them.
                Row.of("GET /api/operations/dead-letters").may(EnumSet.of(Who.CITY_ADMIN, Who.DPO))
                        .send((token, t, v) -> api.get("/api/operations/dead-letters", token)),
                Row.of("POST /api/operations/dead-letters/{group}/retry").may(EnumSet.of(Who.CITY_ADMIN))
                        .send((token, t, v) -> api.post("/api/operations/dead-letters/access-log/retry", token, "")),
                // Nothing is parked, so the admin's eviction reaches the lookup of the event and finds none.
                Row.of("POST /api/operations/dead-letters/{group}/evictions").may(EnumSet.of(Who.CITY_ADMIN))
                        .answersProblem(404, "/problems/not-found")
                        .send((token, t, v) -> api.post("/api/operations/dead-letters/access-log/evictions", token,
                                Map.of("eventId", "no-such-event", "reason", "矩阵测试：放弃不存在的事件"))),
                // Projections: the city admin sees their progress and replays one; an unknown name reaches the lookup.
                Row.of("GET /api/admin/projections").may(EnumSet.of(Who.CITY_ADMIN))
                        .send((token, t, v) -> api.get("/api/admin/projections", token)),
                Row.of("GET /api/admin/projections/{name}").may(EnumSet.of(Who.CITY_ADMIN))
                        .send((token, t, v) -> api.get("/api/admin/projections/unions", token)),
                Row.of("POST /api/admin/projections/{name}/replay").may(EnumSet.of(Who.CITY_ADMIN))
                        .answersProblem(404, "/problems/not-found")
                        .send((token, t, v) -> api.post("/api/admin/projections/no-such-projection/replay", token, "")),
                Row.of("GET /api/audit/export").may(verifiers).showsMembers(List.of(View.REVEALED), NOBODY)
                        .send((token, t, v) -> api.get("/api/audit/export", token)),
                // The auditor's stream and as-of states: masked, or revealed with a purpose; every read recorded.
                Row.of("GET /api/audit/events").may(EnumSet.of(Who.AUDITOR))
                        .showsMembers(List.of(View.MASKED, View.REVEALED, View.NO_PURPOSE), EnumSet.of(Who.AUDITOR))
                        .send((token, t, v) -> api.get("/api/audit/events?aggregateId=" + t.member() + switch (v) {
                            case REVEALED -> "&reveal=true&purpose=" + enc(PURPOSE);
                            case NO_PURPOSE -> "&reveal=true";
                            default -> "";
                        }, token)),
                Row.of("GET /api/audit/{aggregateType}/{id}/state").inTree().may(EnumSet.of(Who.AUDITOR))
                        .showsMembers(List.of(View.MASKED, View.REVEALED, View.NO_PURPOSE), EnumSet.of(Who.AUDITOR))
                        .send((token, t, v) -> api.get("/api/audit/member/" + t.member() + "/state" + switch (v) {
                            case REVEALED -> "?reveal=true&purpose=" + enc(PURPOSE);
                            case NO_PURPOSE -> "?reveal=true";
                            default -> "";
                        }, token)),
                // The card application list shows full ID numbers: a read of every member on it (purpose 办卡).
                Row.of("GET /api/batches/{id}/card-application-list.xlsx").inTree().may(MEMBER_WRITERS)
                        .showsMembers(List.of(View.REVEALED), NOBODY)
                        .send((token, t, v) -> api.get("/api/batches/" + approvedBatchIn.get(t.union())
                                + "/card-application-list.xlsx", token)),
                // The 委托书 names the union and the count, no member.
                Row.of("GET /api/batches/{id}/card-application-authorisation.xlsx").inTree().may(MEMBER_WRITERS)
                        .send((token, t, v) -> api.get("/api/batches/" + approvedBatchIn.get(t.union())
                                + "/card-application-authorisation.xlsx", token)),
                // Cards: allowed callers reach a check of the content that refuses it as sent, so no card is
                // issued or changed; the bank's return is refused because the batch is not yet with the bank.
                Row.of("POST /api/batches/{id}/card-issuance").inTree().may(EnumSet.of(Who.CITY_ADMIN, Who.BANK_OPERATOR))
                        .answersProblem(409, "/problems/conflict")
                        .send((token, t, v) -> api.post("/api/batches/" + approvedBatchIn.get(t.union())
                                + "/card-issuance", token, Map.of("branch", "工行集美支行", "issuedOn",
                                Today.inXiamen().toString(), "rows", List.of(Map.of("idNumber", "x", "name", "y",
                                        "cardNumber", "z"))))),
                Row.of("POST /api/batches/{id}/card-handouts").inTree().may(MEMBER_WRITERS)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/batches/" + approvedBatchIn.get(t.union())
                                + "/card-handouts", token, Map.of("memberIds", List.of(approvedMemberIn.get(t.union())),
                                "handedOutOn", Today.inXiamen().toString(), "signed", false))),
                Row.of("POST /api/members/{id}/card/handout").inTree().may(MEMBER_WRITERS)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/card/handout", token,
                                Map.of("handedOutOn", Today.inXiamen().toString(), "signed", false))),
                Row.of("POST /api/members/{id}/card/activation").inTree()
                        .may(EnumSet.of(Who.UNION_OPERATOR, Who.BANK_OPERATOR))
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/card/activation", token,
                                Map.of("channel", "inPersonAtBranch", "activatedOn", Today.inXiamen().toString()))),
                Row.of("POST /api/members/{id}/card/number-change").inTree().may(cardChangers)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/card/number-change", token,
                                Map.of("newCardNumber", "6222", "reason", "LOST", "reportedOn",
                                        Today.inXiamen().toString()))),
                Row.of("POST /api/members/{id}/card/cancellation").inTree().may(cardChangers)
                        .answersProblem(400, "/problems/invalid-input")
                        .send((token, t, v) -> api.post("/api/members/" + t.member() + "/card/cancellation", token,
                                Map.of("reason", "CARD_CLOSED"))),
                // Counts only: no member data, so not a recorded read; everyone but the bank's operator.
                Row.of("GET /api/statistics").inTree().may(all(Who.BANK_OPERATOR))
                        .send((token, t, v) -> api.get("/api/statistics?unionId=" + t.union(), token)),
                Row.of("GET /api/statistics.xlsx").inTree().may(all(Who.BANK_OPERATOR))
                        .send((token, t, v) -> api.get("/api/statistics.xlsx?unionId=" + t.union(), token)),
                // Cards: a member's card is masked for every reader of cards, revealed with a purpose by those who
                // may; the runs hold ids and counts; the report and the sign-off sheet name members, masked.
                Row.of("GET /api/members/{id}/card").inTree()
                        .may((who, view) -> who != Who.ANONYMOUS && (view == View.MASKED || CARD_REVEALERS.contains(who)))
                        .showsMembers(List.of(View.MASKED, View.REVEALED, View.NO_PURPOSE), CARD_REVEALERS)
                        .send((token, t, v) -> api.get("/api/members/" + t.member() + "/card" + switch (v) {
                            case REVEALED -> "?reveal=true&purpose=" + enc(PURPOSE);
                            case NO_PURPOSE -> "?reveal=true";
                            default -> "";
                        }, token)),
                Row.of("GET /api/batches/{id}/card-issuance").inTree().may(EVERYONE_SIGNED_IN)
                        .send((token, t, v) -> api.get("/api/batches/" + approvedBatchIn.get(t.union())
                                + "/card-issuance", token)),
                Row.of("GET /api/batches/{id}/card-issuance/{runId}/report.xlsx").inTree().may(EVERYONE_SIGNED_IN)
                        .showsMembers(List.of(View.MASKED), NOBODY)
                        .send((token, t, v) -> api.get("/api/batches/" + approvedBatchIn.get(t.union())
                                + "/card-issuance/" + cardRunIn.get(t.union()) + "/report.xlsx", token)),
                Row.of("GET /api/batches/{id}/sign-off-sheet.xlsx").inTree().may(CARD_REVEALERS)
                        .showsMembers(List.of(View.MASKED), NOBODY)
                        .send((token, t, v) -> api.get("/api/batches/" + approvedBatchIn.get(t.union())
                                + "/sign-off-sheet.xlsx", token)),
                // The insurer's list: the city's admin, city-wide, full ID numbers (a read for the purpose of insuring).
                Row.of("GET /api/insurance/cover").may(EnumSet.of(Who.CITY_ADMIN))
                        .showsMembers(List.of(View.REVEALED), NOBODY)
                        .send((token, t, v) -> api.get("/api/insurance/cover?from=" + Today.inXiamen().minusDays(1)
                                + "&to=" + Today.inXiamen().plusDays(1), token)),
                Row.of("GET /api/insurance/cover.xlsx").may(EnumSet.of(Who.CITY_ADMIN))
                        .showsMembers(List.of(View.REVEALED), NOBODY)
                        .send((token, t, v) -> api.get("/api/insurance/cover.xlsx?from=" + Today.inXiamen().minusDays(1)
                                + "&to=" + Today.inXiamen().plusDays(1), token)),
                // Blank templates and forms hold no personal data: anyone signed in.
                template("member-import.xlsx"),
                template("union-import.xlsx"),
                template("member-form.xlsx"),
                template("union-form.xlsx"));
    }

    private Row template(String name) {
        return Row.of("GET /api/templates/" + name).may(EVERYONE_SIGNED_IN)
                .send((token, t, v) -> api.get("/api/templates/" + name, token));
    }

    private String etag(String unionId) {
        return api.get("/api/unions/" + unionId, tokens.get(Who.CITY_ADMIN)).header("ETag").orElseThrow();
    }

    private Map<String, Object> newMemberForm() {
        int n = ++sequence;
        String name = "矩阵新会员" + chinese(n);
        names.add(name);
        return MemberData.form(name,
                secret(ResidentIds.of("350206", LocalDate.of(1979, 3, 1).plusDays(41L * n), 200 + n)),
                secret("1375921" + String.format("%04d", n))).json();
    }

    private String secret(String value) {
        secrets.add(value);
        return value;
    }

    private static Set<Who> all(Who except) {
        Set<Who> s = EnumSet.copyOf(EVERYONE_SIGNED_IN);
        s.remove(except);
        return s;
    }

    // ------------------------------------------------------------------------------------ the rule

    /** What the rule says this case answers: a status set and, for a refusal, its problem type. */
    record Expected(Set<Integer> statuses, String problem, boolean refusal) {
    }

    private Expected expected(Case c) {
        Row row = c.row();
        if (c.who() == Who.ANONYMOUS && !row.may().test(Who.ANONYMOUS, c.view())) {
            return new Expected(Set.of(401), "/problems/unauthenticated", true);
        }
        if (c.where() == Where.OUTSIDE && !seesEverything(c.who())) {
            return new Expected(Set.of(404), "/problems/not-found", true);
        }
        if (!row.may().test(c.who(), c.view())) {
            return new Expected(Set.of(403), "/problems/forbidden", true);
        }
        if (c.view() == View.NO_PURPOSE && row.needPurpose().contains(c.who())) {
            return new Expected(Set.of(400), "/problems/invalid-input", true);
        }
        return new Expected(row.allowedStatus(), row.allowedProblem(), false);
    }

    /** The city-level roles: their subtree is the whole city. */
    private static boolean seesEverything(Who who) {
        return who != Who.DISTRICT_REVIEWER && who != Who.UNION_OPERATOR;
    }

    private Target target(Case c, boolean fresh) {
        boolean inside = c.where() != Where.OUTSIDE;
        String union = inside ? grassrootsA : grassrootsB;
        String parent = !inside ? districtB : c.who() == Who.UNION_OPERATOR ? grassrootsA : districtA;
        String member = fresh ? member(union) : inside ? memberA : memberB;
        return new Target(union, parent, member);
    }

    // ------------------------------------------------------------------------------------ the test

    @Test
    void everyEndpointFollowsTheRefusalRuleLeaksNothingAndRecordsEveryReadOfMemberData() {
        List<Row> rows = rows();
        Set<String> served = endpointsOfTheRunningApplication();
        Set<String> covered = new TreeSet<>(rows.stream().map(Row::key).toList());
        assertThat(served).as("endpoints without a row in the matrix (add them to rows())")
                .isSubsetOf(covered);
        assertThat(covered).as("rows for endpoints the application no longer has").isSubsetOf(served);

        List<String> failures = new ArrayList<>();
        int cases = 0;
        int leaks = 0;
        int missingRecords = 0;
        int storedWhenRefused = 0;
        int wrongAnswers = 0;
        for (Row row : rows) {
            for (Who who : Who.values()) {
                for (Where where : row.targeted() ? List.of(Where.INSIDE, Where.OUTSIDE) : List.of(Where.NONE)) {
                    for (View view : row.views()) {
                        Case c = new Case(row, who, where, view);
                        Expected expected = expected(c);
                        Target target = target(c, row.changesMember() && !expected.refusal());
                        long mark = maxGlobalIndex();
                        Response r = row.sender().send(tokens.get(who), target, view);
                        cases++;

                        if (!expected.statuses().contains(r.status()) || (expected.problem() != null
                                && !expected.problem().equals(problemType(r)))) {
                            wrongAnswers++;
                            failures.add(c + ": expected " + expected.statuses() + " " + expected.problem()
                                    + ", got " + r.status() + " " + abbreviated(r.body()));
                        }
                        boolean refused = r.status() >= 400;
                        if (refused && !r.contentType().startsWith("application/problem+json")) {
                            wrongAnswers++;
                            failures.add(c + ": a refusal that is no problem document: " + r.contentType());
                        }
                        boolean masked = view == View.MASKED;
                        boolean showsData = row.showsMemberData() && r.status() / 100 == 2;
                        List<String> shown = leaked(r.body(), refused || !showsData || masked,
                                refused || !showsData);
                        if (!shown.isEmpty()) {
                            leaks++;
                            failures.add(c + ": personal data in the answer (" + shown.size() + " values)");
                        }
                        List<String> stored = expected.refusal() ? storedSince(mark) : List.of();
                        List<String> record = expected.refusal() ? deniedRecord(c, r) : List.of();
                        if (!stored.equals(record)) {
                            storedWhenRefused++;
                            failures.add(c + ": a refusal stored " + stored + ", expected its record " + record);
                        }
                        if (showsData && !accessRecorded(mark, usernames.get(who), shownMembers(row, r, target))) {
                            missingRecords++;
                            failures.add(c + ": no PersonalDataAccessed event for the member shown");
                        }
                    }
                }
            }
        }
        System.out.printf("AccessMatrixTest: %d endpoints, %d cases, %d wrong answers, %d leaks, %d missing access "
                + "records, %d stored when refused%n", rows.size(), cases, wrongAnswers, leaks, missingRecords,
                storedWhenRefused);
        assertThat(failures).as("%d cases", cases).isEmpty();
        assertThat(cases).isGreaterThan(rows.size() * Who.values().length);
    }

    /** Every "METHOD /path" the application maps under /api, read from Spring MVC's own mapping. */
    private Set<String> endpointsOfTheRunningApplication() {
        RequestMappingHandlerMapping mapping = registry.context().getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        Set<String> endpoints = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            for (String pattern : info.getPatternValues()) {
                if (pattern.startsWith("/api/")) {
                    info.getMethodsCondition().getMethods().forEach(m -> endpoints.add(m.name() + " " + pattern));
                }
            }
        }
        assertThat(endpoints).as("endpoints found in the running application").isNotEmpty();
        return endpoints;
    }

    /** The names, ID numbers and mobiles of members that show in {@code body} where they must not. */
    private List<String> leaked(String body, boolean noSecrets, boolean noNames) {
        List<String> found = new ArrayList<>();
        if (noSecrets) {
            secrets.stream().filter(body::contains).forEach(found::add);
        }
        if (noNames) {
            names.stream().filter(body::contains).forEach(found::add);
        }
        return found;
    }

    /** The members an answer shows: a list's items, the export's members, else the one addressed. */
    private List<String> shownMembers(Row row, Response r, Target t) {
        if (row.key().equals("GET /api/unions/{unionId}/members")) {
            return StreamSupport.stream(r.json().path("items").spliterator(), false)
                    .map(i -> i.path("id").asText()).toList();
        }
        if (row.key().equals("GET /api/batches/{id}")) {
            return StreamSupport.stream(r.json().path("members").path("items").spliterator(), false)
                    .map(i -> i.path("memberId").asText()).toList();
        }
        if (row.key().equals("GET /api/unions/{unionId}/offline-report.das")) {
            return List.of(reportedMemberIn.get(t.union()));
        }
        if (row.key().equals("GET /api/batches/{id}/card-issuance/{runId}/report.xlsx")
                || row.key().equals("GET /api/batches/{id}/sign-off-sheet.xlsx")) {
            return List.of(approvedMemberIn.get(t.union()));
        }
        if (row.key().startsWith("GET /api/insurance/cover")) {
            return new ArrayList<>(approvedMemberIn.values());
        }
        if (row.key().equals("GET /api/batches/{id}/card-application-list.xlsx")) {
            return List.of(approvedMemberIn.get(t.union()));
        }
        if (row.key().equals("GET /api/audit/export")) {
            return List.of(memberA, memberB);
        }
        return List.of(t.member());
    }

    /** PersonalDataAccessed events after {@code mark}, by this user, naming every member shown. */
    private boolean accessRecorded(long mark, String username, List<String> shown) {
        if (shown.isEmpty()) {
            return false; // every answer here shows at least the shared member
        }
        Set<String> named = new TreeSet<>();
        for (Map<String, Object> e : registry.jdbc().queryForList("""
                select payload, meta_data from domain_event_entry
                where payload_type like '%PersonalDataAccessed' and global_index > ?""", mark)) {
            if (username.equals(json((byte[]) e.get("meta_data")).path("actor.user").asText())) {
                json((byte[]) e.get("payload")).path("memberIds").forEach(id -> named.add(id.asText()));
            }
        }
        return named.containsAll(shown);
    }

    /**
     * What a refusal stores: nothing for an anonymous caller; otherwise its own record, one AccessDenied of the
     * kind its status says (404 out of scope; 403 forbidden, or a reveal not allowed when reveal=true was
     * asked; 400 no purpose).
     */
    private static List<String> deniedRecord(Case c, Response r) {
        if (c.who() == Who.ANONYMOUS) {
            return List.of();
        }
        String query = r.raw().request().uri().getRawQuery();
        boolean reveal = query != null && query.contains("reveal=true");
        return List.of("AccessDenied " + switch (r.status()) {
            case 404 -> "OUT_OF_SCOPE";
            case 400 -> "PURPOSE_MISSING";
            default -> reveal ? "REVEAL_NOT_ALLOWED" : "FORBIDDEN";
        });
    }

    /** The events stored after {@code mark}: each its payload type, an AccessDenied with its kind. */
    private List<String> storedSince(long mark) {
        return registry.jdbc().queryForList("""
                select payload_type, payload from domain_event_entry where global_index > ? order by global_index""",
                mark).stream().map(e -> String.valueOf(e.get("payload_type")).endsWith(".AccessDenied")
                        ? "AccessDenied " + json((byte[]) e.get("payload")).path("kind").asText()
                        : String.valueOf(e.get("payload_type"))).toList();
    }

    private long maxGlobalIndex() {
        Long max = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private static String problemType(Response r) {
        if (!r.contentType().startsWith("application/problem+json")) {
            return null;
        }
        return r.json().path("type").asText();
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return Api.JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A refused answer's opening, for the failure message (refusals carry no personal data). */
    private static String abbreviated(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }

}
