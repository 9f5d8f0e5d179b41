package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.events.integrity.StoredEvent;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.unioncard.registry.testing.Bytes.holds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V9 on a store as the members issue left it: plaintext member events, sealed and checkpointed.
 * After it, no personal field is in clear, every event reads back as it was, events without
 * personal data are untouched byte for byte, and the chain verifies over the new bytes with the
 * rewrite on the record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptExistingEventsTest {

    /** One member's details, the same in every event of this test (they are compared after a round trip). */
    private static final MemberDetails DETAILS = MemberData.details().build();

    private static final ObjectMapper BOOT_LIKE = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private EmbeddedPostgres pg;
    private DataSource db;
    private JdbcTemplate jdbc;
    private MasterKey master;

    private final String member = UUID.randomUUID().toString();
    private final List<Object> written = new ArrayList<>();
    private byte[] unionEventBefore;
    private byte[] oldHead;

    @BeforeAll
    void legacyStoreThenMigrate() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        db = pg.getPostgresDatabase();
        jdbc = new JdbcTemplate(db);
        oldHead = legacyStore(db);
        unionEventBefore = jdbc.queryForObject("select payload from domain_event_entry where global_index = 1",
                byte[].class);
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        master = new MasterKey(Path.of("unused"), Base64.getEncoder().encodeToString(masterKey));
        flyway(db).javaMigrations(new EncryptExistingEvents(master, BOOT_LIKE)).load().migrate();
    }

    /** A store as the members issue left it: plaintext events, sealed, one checkpoint. Answers the head. */
    private byte[] legacyStore(DataSource target) throws Exception {
        JdbcTemplate legacy = new JdbcTemplate(target);
        flyway(target).target("8").load().migrate();
        written.clear();
        written.add(new UnionSystemCodeAssigned("union-1", "0100001"));
        written.add(MemberData.registered(member, "union-1", DETAILS));
        written.add(new PersonalDataAccessed("a-1", List.of(member), List.of("name"), true, "核对资料", "GET x"));
        written.add(new MemberWithdrawn(member, "union-1", "调往外地工作"));
        long seq = 0;
        for (Object event : written) {
            boolean ofMember = !(event instanceof UnionSystemCodeAssigned) && !(event instanceof PersonalDataAccessed);
            legacy.update("insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, "
                    + "type, time_stamp, payload_type, payload_revision, payload, meta_data) values (?,?,?,?,?,?,?,?,?)",
                    UUID.randomUUID().toString(), ofMember ? member : "agg-" + seq, ofMember ? seq++ : 0,
                    ofMember ? "Member" : "Other", Instant.now().toString(), event.getClass().getName(), null,
                    BOOT_LIKE.writeValueAsBytes(event), "{}".getBytes());
        }
        byte[] previous = StoredEvent.genesis();
        for (StoredEvent e : storedEvents(legacy)) {
            previous = e.chain(previous);
            legacy.update("insert into event_seal (global_index, event_identifier, hash) values (?,?,?)",
                    e.globalIndex(), e.eventIdentifier(), previous);
        }
        legacy.update("insert into chain_checkpoint (position, hash, signed_at, signature, key_id) values (?,?,?,?,?)",
                4L, previous, Timestamp.from(Instant.now()), new byte[64], "test-key");
        for (StoredEvent e : storedEvents(legacy)) {
            if (e.payloadType().contains("Member")) {
                assertThat(holds(e.payload(), DETAILS.idNumber()) || holds(e.payload(), "调往外地工作"))
                        .as("the legacy store holds plaintext").isTrue();
            }
        }
        return previous;
    }

    @AfterAll
    void stop() throws Exception {
        pg.close();
    }

    private static FluentConfiguration flyway(DataSource target) {
        return Flyway.configure().dataSource(target).locations("classpath:db/migration")
                .placeholders(Map.of("appRole", "postgres"));
    }

    private List<StoredEvent> storedEvents() {
        return storedEvents(jdbc);
    }

    private static List<StoredEvent> storedEvents(JdbcTemplate jdbc) {
        return jdbc.query("select global_index, event_identifier, type, aggregate_identifier, sequence_number, "
                + "payload_type, payload_revision, time_stamp, payload, meta_data from domain_event_entry "
                + "order by global_index", (rs, i) -> new StoredEvent(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getBytes(9), rs.getBytes(10)));
    }

    @Test
    void noPersonalFieldRemainsInClear() {
        for (StoredEvent e : storedEvents()) {
            for (String secret : MemberData.secrets(DETAILS)) {
                assertThat(holds(e.payload(), secret)).as(e.payloadType() + " holds " + secret).isFalse();
            }
            assertThat(holds(e.payload(), "调往外地工作")).isFalse();
        }
        assertThat(jdbc.queryForObject("select success from flyway_schema_history where version = '9'",
                Boolean.class)).isTrue();
    }

    @Test
    void everyEventReadsBackAsItWasWritten() {
        KeyRing keys = new KeyRing(jdbc, master, 100);
        JacksonSerializer serializer = EventSerializerConfiguration.encryptingSerializer(BOOT_LIKE, keys,
                new AnnotationRevisionResolver());
        List<Object> read = storedEvents().stream().map(e -> (Object) serializer.deserialize(
                new SimpleSerializedObject<>(e.payload(), byte[].class, e.payloadType(), null))).toList();
        assertThat(read).isEqualTo(written);
        assertThat(read.get(1)).isInstanceOf(MemberRegistered.class);
    }

    @Test
    void theRewrittenEventsAreInTheFormatTheSerializerWrites() {
        for (StoredEvent e : storedEvents()) {
            String json = new String(e.payload(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(json).doesNotContain("pd1:");
            assertThat(json.contains("\"pd2\":")).as(e.payloadType()).isEqualTo(e.payloadType().contains("Member"));
        }
    }

    @Test
    void eventsWithoutPersonalDataAreUntouched() {
        assertThat(jdbc.queryForObject("select payload from domain_event_entry where global_index = 1",
                byte[].class)).isEqualTo(unionEventBefore);
    }

    @Test
    void theChainIsReHashedOverTheNewBytesAndTheRewriteIsRecorded() {
        byte[] previous = StoredEvent.genesis();
        for (StoredEvent e : storedEvents()) {
            previous = e.chain(previous);
            assertThat(jdbc.queryForObject("select hash from event_seal where global_index = ?", byte[].class,
                    e.globalIndex())).as("seal %d", e.globalIndex()).isEqualTo(previous);
        }
        Map<String, Object> rebase = jdbc.queryForMap("select * from chain_rebase");
        assertThat(rebase.get("events_changed")).isEqualTo(2L);
        assertThat(rebase.get("sealed_through")).isEqualTo(4L);
        assertThat((byte[]) rebase.get("old_head_hash")).isEqualTo(oldHead);
        assertThat((byte[]) rebase.get("new_head_hash")).isEqualTo(previous).isNotEqualTo(oldHead);
        // the checkpoint signed over the old bytes is kept aside, no longer claimed for the chain
        assertThat(jdbc.queryForObject("select count(*) from chain_checkpoint", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select hash from chain_checkpoint_superseded where position = 4",
                byte[].class)).isEqualTo(oldHead);
    }

    @Test
    void aChainBrokenBeforehandStopsTheUpgradeAndNothingIsRewritten() throws Exception {
        try (EmbeddedPostgres other = EmbeddedPostgres.builder().start()) {
            DataSource tampered = other.getPostgresDatabase();
            JdbcTemplate su = new JdbcTemplate(tampered);
            legacyStore(tampered);
            // someone with superuser power changed a sealed event before the upgrade
            su.execute((java.sql.Connection c) -> {
                try (var st = c.createStatement()) {
                    st.execute("set session_replication_role = replica");
                    st.execute("update domain_event_entry set payload = set_byte(payload, 12, "
                            + "get_byte(payload, 12) # 1) where global_index = 3");
                }
                return null;
            });
            byte[] before = su.queryForObject("select payload from domain_event_entry where global_index = 2",
                    byte[].class);

            assertThatThrownBy(() -> flyway(tampered).javaMigrations(new EncryptExistingEvents(master, BOOT_LIKE))
                    .load().migrate()).rootCause()
                    .hasMessageContaining("does not verify before the re-encryption (position 3, ALTERED)");

            assertThat(su.queryForObject("select payload from domain_event_entry where global_index = 2",
                    byte[].class)).isEqualTo(before);
            assertThat(su.queryForObject("select count(*) from flyway_schema_history where version = '9' and success",
                    Integer.class)).isZero();
            assertThat(su.queryForObject("select count(*) from chain_checkpoint", Integer.class)).isEqualTo(1);
        }
    }

    @Test
    void theAppendOnlyTriggersAreOnAgain() {
        assertThat(jdbc.queryForList("select tgenabled::text from pg_trigger where tgname in "
                + "('domain_event_entry_append_only', 'event_seal_append_only')", String.class))
                .containsExactly("O", "O");
    }
}
