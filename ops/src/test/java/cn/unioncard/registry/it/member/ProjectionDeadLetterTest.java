package cn.unioncard.registry.it.member;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.account.UserAccountCreated;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport.Access;
import cn.unioncard.registry.it.member.MemberSupport.Grassroots;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.it.member.MemberSupport.accessesAfter;
import static cn.unioncard.registry.it.member.MemberSupport.enc;
import static cn.unioncard.registry.testing.Eventually.eventually;
import static cn.unioncard.registry.it.member.MemberSupport.maxGlobalIndex;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No event stalls a streaming projection (issue 8): an event its handler cannot store, written
 * straight into the store, is parked as a dead letter of its own sequence while every later event
 * of every segment is projected; the city admin and the DPO see the letter, health and metrics
 * show it, the member's history still shows the parked read, and a documented, recorded retry
 * clears the queue once the cause is repaired (an access record is never evicted; other groups' events may be).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProjectionDeadLetterTest {

    private static final int SEGMENTS = 4; // the segment count both streaming processors declare (ProcessorSettings)
    private static final String PURPOSE = "核对工会卡申请资料";
    /** Longer than member_access.correlation_id: PostgreSQL refuses it and would quote it. */
    private static final String POISON_VALUE = "POISON-" + "x".repeat(90);

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String auditor;
    private String dpo;
    private Grassroots union;
    private final List<String> members = new ArrayList<>();
    private String poisonReadEvent;
    private String poisonReadAccessId;
    private String poisonAccountEvent;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = MemberSupport.district(api, admin, city, "湖里区总工会")[0];
        union = MemberSupport.grassroots(api, admin, district, "厦门海岸线物流有限公司工会委员会", "Operator-Password-B2");
        auditor = MemberSupport.account(api, admin, "auditor.zheng", "AUDITOR", city);
        dpo = MemberSupport.account(api, admin, "dpo.xu", "DPO", city);
        String[] names = {"陈雅婷", "林志明", "黄晓燕", "吴建国", "郑丽华", "王海峰"};
        for (int i = 0; i < names.length; i++) {
            Response r = api.post("/api/unions/" + union.id() + "/members", union.operator(),
                    MemberData.form(names[i], ResidentIds.of("350206", LocalDate.of(1980 + i, 3, 10 + i), 31 + i),
                            "1385920" + (1000 + i)).json());
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            members.add(r.json().path("memberId").asText());
        }
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void aPoisonReadIsParkedAndEveryLaterReadInEverySegmentIsStillProjected() {
        long before = maxGlobalIndex(registry);
        String poisoned = members.get(0);
        poisonReadAccessId = UUID.randomUUID().toString();
        Actor reader = new Actor("0200001", Role.UNION_OPERATOR, union.id(), "10.0.0.7", POISON_VALUE, PURPOSE);
        publish(new PersonalDataAccessed(poisonReadAccessId, List.of(poisoned), List.of("idNumber", "mobile"), true,
                PURPOSE, "GET /api/members/{id}"), reader);
        poisonReadEvent = registry.jdbc().queryForObject("""
                select event_identifier from domain_event_entry where global_index > ? and payload_type like ?""",
                String.class, before, MemberSupport.PDA_TYPE);

        // Later reads of every member, until they cover every segment of the access log.
        for (int round = 0; round < 4; round++) {
            for (String m : members) {
                assertThat(api.get("/api/members/" + m + "?reveal=true&purpose=" + enc(PURPOSE), union.operator())
                        .status()).isEqualTo(200);
            }
        }
        List<Access> later = accessesAfter(registry, before).stream()
                .filter(a -> !a.payload().path("accessId").asText().equals(poisonReadAccessId)).toList();
        assertThat(later).hasSize(4 * members.size());
        Set<Integer> segments = new HashSet<>();
        for (Access a : later) {
            segments.add(segmentOf(a.globalIndex()));
        }
        assertThat(segments).as("the later reads fall into every segment").hasSize(SEGMENTS);
        assertThat(segmentOf(poisonGlobalIndex())).isBetween(0, SEGMENTS - 1);

        // Every one of them reaches the member's history; the poison is parked, not retried forever.
        assertThat(eventually(15_000, () -> accessRows(later) == later.size())).as("later reads projected").isTrue();
        assertThat(eventually(5_000, () -> letterCount("access-log") == 1)).isTrue();
        assertThat(registry.jdbc().queryForObject("select count(*) from member_access where access_id = ?",
                Long.class, poisonReadAccessId)).isZero();
    }

    @Test
    @Order(2)
    void theParkedReadIsListedForTheCityAdminAndTheDpoWithoutItsContent() {
        for (String token : List.of(admin, dpo)) {
            Response list = api.get("/api/operations/dead-letters", token);
            assertThat(list.status()).as("%s", list).isEqualTo(200);
            JsonNode group = group(list, "access-log");
            assertThat(group.path("parkedEvents").asLong()).isEqualTo(1);
            assertThat(group.path("parkedSequences").asLong()).isEqualTo(1);
            JsonNode letter = group.path("letters").get(0);
            assertThat(letter.path("eventId").asText()).isEqualTo(poisonReadEvent);
            assertThat(letter.path("globalPosition").asLong()).isEqualTo(poisonGlobalIndex());
            assertThat(letter.path("payloadType").asText()).isEqualTo("PersonalDataAccessed");
            assertThat(letter.path("causeType").asText()).isNotBlank();
            assertThat(letter.path("sqlState").asText()).isEqualTo("22001"); // string_data_right_truncation
            assertThat(letter.path("attempts").asLong()).isEqualTo(1);
            assertThat(letter.path("enqueuedAt").asText()).isNotBlank();
            assertThat(list.body()).doesNotContain(POISON_VALUE).doesNotContain(PURPOSE);
        }
        // Stored without the value PostgreSQL quoted, in the cause and in the diagnostics.
        Map<String, Object> row = registry.jdbc().queryForMap(
                "select cause_type, cause_message, diagnostics from dead_letter_entry where event_identifier = ?",
                poisonReadEvent);
        assertThat(String.valueOf(row.get("cause_message"))).doesNotContain("POISON").doesNotContain("xxxx");
        assertThat(new String((byte[]) row.get("diagnostics"), StandardCharsets.UTF_8)).doesNotContain("POISON");

        for (String token : List.of(auditor, union.operator())) {
            Response refused = api.get("/api/operations/dead-letters", token);
            assertThat(refused.status()).as("%s", refused).isEqualTo(403);
            assertThat(refused.problemType()).isEqualTo("/problems/forbidden");
        }
        Response retryByDpo = api.post("/api/operations/dead-letters/access-log/retry", dpo, Map.of());
        assertThat(retryByDpo.status()).as("%s", retryByDpo).isEqualTo(403);
    }

    @Test
    @Order(3)
    void healthAndTheGaugeShowTheParkedEvent() {
        // Health answers the counts taken in the background every second.
        assertThat(eventually(5_000, () -> "DEGRADED".equals(healthStatus()))).isTrue();
        Response health = api.get("/actuator/health", null);
        assertThat(health.status()).as("degraded is not down: no probe restarts the registry").isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("DEGRADED");
        assertThat(health.json().path("components").path("projections").path("status").asText())
                .isEqualTo("DEGRADED");
        Response anonymous = api.get("/actuator/health/operations", null);
        assertThat(anonymous.json().path("status").asText()).as("%s", anonymous).isEqualTo("DEGRADED");
        assertThat(anonymous.json().path("components").path("projections").has("details"))
                .as("no details without authentication: %s", anonymous).isFalse();
        Response operations = api.get("/actuator/health/operations", admin);
        JsonNode details = operations.json().path("components").path("projections").path("details");
        assertThat(details.path("access-log").path("parkedEvents").asLong()).as("%s", operations).isEqualTo(1);
        assertThat(details.path("accounts").path("parkedEvents").asLong()).isZero();
        assertThat(gauge("access-log")).isEqualTo(1.0);
        assertThat(gauge("accounts")).isEqualTo(0.0);
    }

    @Test
    @Order(4)
    void theMemberNamedInTheParkedReadStillSeesItInTheHistory() {
        Response history = api.get("/api/members/" + members.get(0) + "/history", auditor);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        List<JsonNode> reads = reads(history);
        JsonNode parked = reads.stream().filter(r -> r.path("accessId").asText().equals(poisonReadAccessId))
                .findFirst().orElseThrow(() -> new AssertionError("the parked read is missing: " + history));
        assertThat(parked.path("parked").asBoolean()).isTrue();
        assertThat(parked.path("user").asText()).isEqualTo("0200001");
        assertThat(parked.path("revealed").asBoolean()).isTrue();
        assertThat(parked.path("fields").toString()).contains("idNumber");
        assertThat(history.json().path("readsComplete").asBoolean()).isTrue();
        assertThat(history.json().path("parkedReads").asInt()).isEqualTo(1);
        // The four reveals of this member are there, indexed (this history's own record is not in its answer).
        assertThat(reads.stream().filter(r -> !r.path("parked").asBoolean()).count()).isEqualTo(4);
        // Another member's history has no parked read of its own.
        Response other = api.get("/api/members/" + members.get(1) + "/history", auditor);
        assertThat(other.json().path("parkedReads").asInt()).isZero();
        assertThat(other.body()).doesNotContain(poisonReadAccessId);
    }

    @Test
    @Order(5)
    void aPoisonAccountIsParkedAndLaterAccountsAreListedThenTheAdminEvictsItOnRecord() {
        String city = MemberSupport.cityId(api, admin);
        publish(new UserAccountCreated("poison.account", "名".repeat(250), Role.AUDITOR, city, true),
                new Actor(ADMIN, Role.CITY_ADMIN, city, "10.0.0.8", "corr-1", null));
        List<String> later = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String username = "clerk.later" + i;
            Response opened = api.post("/api/users", admin,
                    Map.of("username", username, "displayName", "后来者 " + i, "role", "AUDITOR", "unionId", city));
            assertThat(opened.status()).as("%s", opened).isEqualTo(201);
            later.add(username);
        }
        assertThat(eventually(15_000, () -> later.stream().allMatch(u -> registry.jdbc().queryForObject(
                "select count(*) from account_view where username = ?", Long.class, u) == 1)))
                .as("every later account is listed").isTrue();
        assertThat(eventually(5_000, () -> letterCount("accounts") == 1)).isTrue();
        JsonNode letter = group(api.get("/api/operations/dead-letters", admin), "accounts").path("letters").get(0);
        poisonAccountEvent = letter.path("eventId").asText();
        assertThat(letter.path("payloadType").asText()).isEqualTo("UserAccountCreated");

        Response tooShort = api.post("/api/operations/dead-letters/accounts/evictions", admin,
                Map.of("eventId", poisonAccountEvent, "reason", "no"));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(MemberSupport.fields(tooShort.json())).containsExactly("reason");
        Response byDpo = api.post("/api/operations/dead-letters/accounts/evictions", dpo,
                Map.of("eventId", poisonAccountEvent, "reason", "显示名超长，无法投影"));
        assertThat(byDpo.status()).isEqualTo(403);
        Response unknownGroup = api.post("/api/operations/dead-letters/unions/evictions", admin,
                Map.of("eventId", poisonAccountEvent, "reason", "显示名超长，无法投影"));
        assertThat(unknownGroup.status()).as("a subscribing group parks nothing").isEqualTo(404);

        long before = maxGlobalIndex(registry);
        Response evicted = api.post("/api/operations/dead-letters/accounts/evictions", admin,
                Map.of("eventId", poisonAccountEvent, "reason", "显示名超长，无法投影"));
        assertThat(evicted.status()).as("%s", evicted).isEqualTo(200);
        assertThat(evicted.json().path("remaining").asLong()).isZero();
        assertThat(letterCount("accounts")).isZero();
        Map<String, Object> recorded = registry.jdbc().queryForMap("""
                select payload, meta_data from domain_event_entry where global_index > ? and payload_type like ?""",
                before, "%DeadLetterEvicted");
        assertThat(MemberSupport.json(recorded.get("payload")).path("eventId").asText()).isEqualTo(poisonAccountEvent);
        assertThat(MemberSupport.json(recorded.get("meta_data")).path(AuditMetadata.USER).asText()).isEqualTo(ADMIN);
    }

    @Test
    @Order(6)
    void readsFailingWhileTheirTableRefusesInsertsAreRetriedOnRecordAndAllProjected() {
        long before = maxGlobalIndex(registry);
        registry.jdbc().execute("revoke insert on member_access from registry_app");
        List<String> parkedAccessIds;
        try {
            for (String m : members.subList(1, 4)) {
                assertThat(api.get("/api/members/" + m + "?reveal=true&purpose=" + enc(PURPOSE), union.operator())
                        .status()).isEqualTo(200);
            }
            List<Access> refused = accessesAfter(registry, before);
            parkedAccessIds = refused.stream().map(a -> a.payload().path("accessId").asText()).toList();
            assertThat(eventually(15_000, () -> letterCount("access-log") == 1 + refused.size()))
                    .as("each refused read parked").isTrue();
            // Meanwhile the member's history shows the parked read and says it is complete.
            Response history = api.get("/api/members/" + members.get(1) + "/history", auditor);
            assertThat(reads(history).stream().filter(r -> r.path("parked").asBoolean())
                    .map(r -> r.path("accessId").asText()).toList()).isNotEmpty()
                    .allMatch(id -> !id.equals(poisonReadAccessId));
            assertThat(history.json().path("readsComplete").asBoolean()).isTrue();
        } finally {
            registry.jdbc().execute("grant insert on member_access to registry_app");
        }
        long parkedBefore = letterCount("access-log");
        long beforeRetry = maxGlobalIndex(registry);
        Response retried = api.post("/api/operations/dead-letters/access-log/retry", admin, Map.of());
        assertThat(retried.status()).as("%s", retried).isEqualTo(200);
        // Everything goes through but the poison, which fails again and stays with one more attempt.
        assertThat(retried.json().path("processed").asLong()).isEqualTo(parkedBefore - 1);
        assertThat(retried.json().path("remaining").asLong()).isEqualTo(1);
        for (String id : parkedAccessIds) {
            assertThat(registry.jdbc().queryForObject("select count(*) from member_access where access_id = ?",
                    Long.class, id)).as("read %s projected", id).isPositive();
        }
        JsonNode poison = group(api.get("/api/operations/dead-letters", admin), "access-log").path("letters").get(0);
        assertThat(poison.path("eventId").asText()).isEqualTo(poisonReadEvent);
        assertThat(poison.path("attempts").asLong()).isEqualTo(2);
        Map<String, Object> recorded = registry.jdbc().queryForMap("""
                select payload, meta_data from domain_event_entry where global_index > ? and payload_type like ?""",
                beforeRetry, "%DeadLettersRetried");
        assertThat(MemberSupport.json(recorded.get("payload")).path("processed").asLong()).isEqualTo(parkedBefore - 1);
        assertThat(MemberSupport.json(recorded.get("meta_data")).path(AuditMetadata.USER).asText()).isEqualTo(ADMIN);

        // An access record is evidence: it is never given up, whatever the reason.
        Response evicted = api.post("/api/operations/dead-letters/access-log/evictions", admin,
                Map.of("eventId", poisonReadEvent, "reason", "关联编号超长，该记录无法写入索引"));
        assertThat(evicted.status()).as("%s", evicted).isEqualTo(409);
        assertThat(evicted.problemType()).isEqualTo("/problems/conflict");
        assertThat(letterCount("access-log")).isEqualTo(1);

        // The operator repairs the cause instead (the column is too narrow for the value) and retries.
        registry.jdbc().execute("alter table member_access alter column correlation_id type varchar(200)");
        Response repaired = api.post("/api/operations/dead-letters/access-log/retry", admin, Map.of());
        assertThat(repaired.status()).as("%s", repaired).isEqualTo(200);
        assertThat(repaired.json().path("processed").asLong()).isEqualTo(1);
        assertThat(repaired.json().path("remaining").asLong()).isZero();
        assertThat(letterCount("access-log")).isZero();
        assertThat(eventually(5_000, () -> "UP".equals(healthStatus()))).as("health UP again").isTrue();
        assertThat(gauge("access-log")).isEqualTo(0.0);
        Response history = api.get("/api/members/" + members.get(0) + "/history", auditor);
        JsonNode read = reads(history).stream().filter(r -> r.path("accessId").asText().equals(poisonReadAccessId))
                .findFirst().orElseThrow(() -> new AssertionError("the repaired read is missing: " + history));
        assertThat(read.path("parked").asBoolean()).as("projected, no longer parked").isFalse();
        assertThat(read.path("user").asText()).isEqualTo("0200001");
        assertThat(history.json().path("readsComplete").asBoolean()).isTrue();
        assertThat(history.json().path("parkedReads").asInt()).isZero();
    }

    @Test
    @Order(7)
    void aNulInARecordedReadOrAnAccountIsStoredAsAReplacementCharacterAndParksNothing() {
        String accessId = UUID.randomUUID().toString();
        Actor reader = new Actor("0200001", Role.UNION_OPERATOR, union.id(), "10.0.0.9", "corr-nul", PURPOSE);
        publish(new PersonalDataAccessed(accessId, List.of(members.get(2)), List.of("mobile"), true,
                "QA check\u0000x", "GET /api/members/{id}"), reader);
        String city = MemberSupport.cityId(api, admin);
        publish(new UserAccountCreated("nul.account", "显示\u0000名", Role.AUDITOR, city, true),
                new Actor(ADMIN, Role.CITY_ADMIN, city, "10.0.0.9", "corr-nul-2", null));

        assertThat(eventually(15_000, () -> registry.jdbc().queryForObject(
                "select count(*) from member_access where access_id = ?", Long.class, accessId) == 1)).isTrue();
        assertThat(registry.jdbc().queryForObject("select purpose from member_access where access_id = ?",
                String.class, accessId)).isEqualTo("QA check\uFFFDx");
        assertThat(eventually(15_000, () -> registry.jdbc().queryForObject(
                "select count(*) from account_view where username = 'nul.account'", Long.class) == 1)).isTrue();
        assertThat(registry.jdbc().queryForObject(
                "select display_name from account_view where username = 'nul.account'", String.class))
                .isEqualTo("显示\uFFFD名");
        assertThat(letterCount("access-log") + letterCount("accounts")).isZero();
    }

    @Test
    @Order(8)
    void aReadWithUnreadableMetadataWrittenStraightIntoTheStoreStallsNoSegment() {
        String eventId = UUID.randomUUID().toString();
        String accessId = UUID.randomUUID().toString();
        Serializer serializer = registry.context().getBean("eventSerializer", Serializer.class);
        SerializedObject<byte[]> payload = serializer.serialize(new PersonalDataAccessed(accessId,
                List.of(members.get(3)), List.of("mobile"), true, PURPOSE, "GET /api/members/{id}"), byte[].class);
        registry.jdbc().update("""
                insert into domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                    meta_data, payload, payload_revision, payload_type, time_stamp)
                values (?, 0, null, ?, ?, ?, ?, ?, ?)""", eventId, eventId,
                "{\"correlationId\": [".getBytes(StandardCharsets.UTF_8), payload.getData(),
                payload.getType().getRevision(), payload.getType().getName(), java.time.Instant.now().toString());
        long afterPoison = maxGlobalIndex(registry);
        for (int round = 0; round < 4; round++) {
            for (String m : members) {
                assertThat(api.get("/api/members/" + m + "?reveal=true&purpose=" + enc(PURPOSE), union.operator())
                        .status()).isEqualTo(200);
            }
        }
        List<Access> later = accessesAfter(registry, afterPoison);
        assertThat(later).hasSize(4 * members.size());
        assertThat(later.stream().map(a -> segmentOf(a.globalIndex())).distinct().count()).isEqualTo(SEGMENTS);
        assertThat(eventually(15_000, () -> accessRows(later) == later.size()))
                .as("every later read projected, in every segment").isTrue();
        // The read itself is parked, alone and visible; the history of its member says it may miss a read.
        assertThat(eventually(5_000, () -> letterCount("access-log") == 1)).isTrue();
        JsonNode letter = group(api.get("/api/operations/dead-letters", admin), "access-log").path("letters").get(0);
        assertThat(letter.path("eventId").asText()).isEqualTo(eventId);
        assertThat(letter.path("payloadType").asText()).isEqualTo("PersonalDataAccessed");
        assertThat(eventually(5_000, () -> "DEGRADED".equals(healthStatus()))).as("health DEGRADED").isTrue();
        Response history = api.get("/api/members/" + members.get(3) + "/history", auditor);
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        assertThat(history.json().path("readsComplete").asBoolean()).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private void publish(Object event, Actor actor) {
        registry.context().getBean(EventBus.class)
                .publish(GenericEventMessage.asEventMessage(event).andMetaData(AuditMetadata.of(actor)));
    }

    /** The segment (of {@link #SEGMENTS}) whose token handles the stored event: its sequence is its aggregate id. */
    private int segmentOf(long globalIndex) {
        String aggregate = registry.jdbc().queryForObject(
                "select aggregate_identifier from domain_event_entry where global_index = ?", String.class, globalIndex);
        return aggregate.hashCode() & (SEGMENTS - 1);
    }

    private long poisonGlobalIndex() {
        return registry.jdbc().queryForObject("select global_index from domain_event_entry where event_identifier = ?",
                Long.class, poisonReadEvent);
    }

    private long accessRows(List<Access> accesses) {
        long n = 0;
        for (Access a : accesses) {
            n += registry.jdbc().queryForObject("select count(*) from member_access where access_id = ?", Long.class,
                    a.payload().path("accessId").asText());
        }
        return n;
    }

    private long letterCount(String group) {
        return registry.jdbc().queryForObject("select count(*) from dead_letter_entry where processing_group = ?",
                Long.class, group);
    }

    private static JsonNode group(Response list, String name) {
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        return StreamSupport.stream(list.json().path("processors").spliterator(), false)
                .filter(g -> name.equals(g.path("processingGroup").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + name + " in " + list));
    }

    private static List<JsonNode> reads(Response history) {
        assertThat(history.status()).as("%s", history).isEqualTo(200);
        return StreamSupport.stream(history.json().path("reads").spliterator(), false).toList();
    }

    private double gauge(String group) {
        String text = api.get("/actuator/prometheus", null).body();
        Matcher m = Pattern.compile("(?m)^registry_projection_dead_letters\\{[^}]*group=\"" + Pattern.quote(group)
                + "\"[^}]*} (\\S+)$").matcher(text);
        assertThat(m.find()).as("gauge for %s in /actuator/prometheus", group).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private String healthStatus() {
        return api.get("/actuator/health", null).json().path("status").asText();
    }
}
