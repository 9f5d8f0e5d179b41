package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.privacy.DataSubject;
import cn.unioncard.registry.events.privacy.PersonalData;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.crypto.AEADBadTagException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static cn.unioncard.registry.testing.Bytes.holds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the event store holds of each event that carries personal data: pd2 as written now (one
 * sealed message per event), pd1 as the earlier writer left it (a fixture it produced), both read
 * back exactly, both erased under a destroyed key, neither with a personal value in clear.
 */
class StoredEventFormatTest {

    private static final ObjectMapper BOOT_LIKE = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final JsonNode PD1 = pd1Fixture();
    private static final String PD1_MEMBER = PD1.get("member").asText();

    /** The personal fields of MemberDetails, listed by hand (not found by the code under test). */
    private static final List<String> PERSONAL_DETAILS = List.of("name", "idNumber", "idExpiry", "mobile",
            "householdProvince", "householdCity", "contactAddress", "workStart", "unionJoin", "socialInsuranceStart",
            "employerName");

    /** An event a developer might write wrong: personal data, but nobody named as its subject. */
    record NicknameChosen(@DataSubject String memberId, @PersonalData String nickname) {
    }

    private KeyRing keys;
    private JacksonSerializer serializer;

    private static JsonNode pd1Fixture() {
        try (InputStream in = StoredEventFormatTest.class.getResourceAsStream("/privacy/pd1-events.json")) {
            return BOOT_LIKE.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's member has its key back, live, in a fresh key ring. */
    @BeforeEach
    void keys() {
        JdbcTemplate jdbc = new JdbcTemplate(TestDatabase.dataSource());
        jdbc.update("insert into data_key (subject_id, wrapped_key) values (?, ?) on conflict (subject_id) "
                        + "do update set wrapped_key = excluded.wrapped_key, erased_at = null", PD1_MEMBER,
                Base64.getDecoder().decode(PD1.get("wrappedKey").asText()));
        keys = new KeyRing(jdbc, new MasterKey(Path.of("unused"), PD1.get("masterKey").asText()), 100);
        serializer = EventSerializerConfiguration.encryptingSerializer(BOOT_LIKE, keys, new AnnotationRevisionResolver());
    }

    private byte[] store(Object event) {
        return serializer.serialize(event, byte[].class).getData();
    }

    private Object read(byte[] stored, Class<?> type) {
        return serializer.deserialize(new SimpleSerializedObject<>(stored, byte[].class, type.getName(), null));
    }

    private Object read(byte[] stored, String type) {
        return serializer.deserialize(new SimpleSerializedObject<>(stored, byte[].class, type, null));
    }

    private static List<byte[]> pd1Payloads() {
        List<byte[]> payloads = new ArrayList<>();
        PD1.get("events").forEach(e -> payloads.add(e.get("payload").asText().getBytes(StandardCharsets.UTF_8)));
        return payloads;
    }

    private static String pd1Type(int i) {
        return PD1.get("events").get(i).get("type").asText();
    }

    private static ObjectNode tree(byte[] stored) throws IOException {
        return (ObjectNode) BOOT_LIKE.readTree(stored);
    }

    @Test
    void every_event_type_with_personal_data_is_stored_as_one_sealed_blob_and_reads_back_exactly() throws Exception {
        String member = UUID.randomUUID().toString();
        for (Record event : StoredFormatFixture.events(member)) {
            byte[] stored = store(event);
            String json = new String(stored, StandardCharsets.UTF_8);
            assertThat(json).doesNotContain("pd1:");
            assertThat(tree(stored).has("pd2")).as(event.getClass().getSimpleName())
                    .isEqualTo(PersonalFields.carriesPersonalData(event.getClass()));
            assertThat(read(stored, event.getClass())).isEqualTo(event);
        }
    }

    @Test
    void a_personal_field_that_was_null_stays_in_place_and_a_sealed_one_leaves_its_place() throws Exception {
        String member = UUID.randomUUID().toString();
        MemberInfoCorrected corrected = (MemberInfoCorrected) StoredFormatFixture.events(member).get(1);
        JsonNode stored = tree(store(corrected)).get("corrected");
        assertThat(stored.has("name")).isFalse();
        assertThat(stored.has("mobile")).isFalse();
        assertThat(stored.get("idExpiry").isNull()).isTrue();
        assertThat(stored.get("contactAddress").isNull()).isTrue();
        assertThat(stored.get("idLongTerm").asBoolean()).isTrue();
    }

    @Test
    void no_clear_personal_value_is_in_the_stored_bytes_of_either_format() {
        String member = UUID.randomUUID().toString();
        List<byte[]> stored = new ArrayList<>(pd1Payloads());
        StoredFormatFixture.events(member).forEach(e -> stored.add(store(e)));
        for (byte[] payload : stored) {
            for (String secret : StoredFormatFixture.secrets()) {
                assertThat(holds(payload, secret)).as(secret).isFalse();
            }
        }
    }

    @Test
    void a_registration_is_stored_in_what_its_clear_part_and_one_sealed_blob_add_up_to_under_a_kilobyte()
            throws Exception {
        MemberRegistered event = MemberData.registered(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                StoredFormatFixture.details());
        byte[] stored = store(event);

        ObjectNode clear = BOOT_LIKE.valueToTree(event);
        ObjectNode personal = BOOT_LIKE.createObjectNode();
        ObjectNode personalDetails = personal.putObject("details");
        for (String field : PERSONAL_DETAILS) {
            personalDetails.set(field, ((ObjectNode) clear.get("details")).remove(field));
        }
        int sealed = 12 + BOOT_LIKE.writeValueAsBytes(personal).length + 16;
        int expected = BOOT_LIKE.writeValueAsBytes(clear).length + ",\"pd2\":\"\"".length() + (sealed * 4 + 2) / 3;

        assertThat(stored).hasSize(expected);
        assertThat(stored.length).isLessThanOrEqualTo(1024);
    }

    @Test
    void the_same_events_take_fewer_bytes_in_pd2_and_a_registration_little_more_than_half() {
        List<Record> events = StoredFormatFixture.events(PD1_MEMBER);
        List<byte[]> pd1 = pd1Payloads();
        for (int i = 0; i < events.size(); i++) {
            byte[] pd2 = store(events.get(i));
            System.out.printf("stored %s (fixture): pd1 %,d B -> pd2 %,d B%n", events.get(i).getClass().getSimpleName(),
                    pd1.get(i).length, pd2.length);
            assertThat(pd2.length).isLessThanOrEqualTo(pd1.get(i).length);
            if (i == 0) {
                assertThat(pd2.length).isLessThan(pd1.get(i).length * 6 / 10);
            }
        }
    }

    @Test
    void a_pd1_event_written_by_the_earlier_writer_reads_as_it_was_written() {
        List<Record> written = StoredFormatFixture.events(PD1_MEMBER);
        List<byte[]> stored = pd1Payloads();
        assertThat(stored).hasSameSizeAs(written);
        assertThat(new String(stored.get(0), StandardCharsets.UTF_8)).contains("\"name\":\"pd1:" + PD1_MEMBER + ":");
        for (int i = 0; i < written.size(); i++) {
            assertThat(read(stored.get(i), pd1Type(i))).isEqualTo(written.get(i));
        }
    }

    @Test
    void under_a_destroyed_key_every_personal_field_reads_erased_in_both_formats() {
        String member = UUID.randomUUID().toString();
        List<Record> written = StoredFormatFixture.events(member);
        List<byte[]> pd2 = written.stream().map(this::store).toList();
        keys.erase(member);
        keys.erase(PD1_MEMBER);

        List<Record> pd1Written = StoredFormatFixture.events(PD1_MEMBER);
        List<byte[]> pd1 = pd1Payloads();
        for (int i = 0; i < written.size(); i++) {
            assertThat(read(pd2.get(i), written.get(i).getClass())).isEqualTo(PersonalFields.erased(written.get(i)));
            assertThat(read(pd1.get(i), pd1Type(i))).isEqualTo(PersonalFields.erased(pd1Written.get(i)));
        }
        MemberDetails details = ((MemberRegistered) read(pd2.get(0), MemberRegistered.class)).details();
        assertThat(details.name()).isEqualTo("已删除");
        assertThat(details.idExpiry()).isNull();
        assertThat(details.ethnicGroup()).isEqualTo("01");
        MemberDetails corrected = ((MemberInfoCorrected) read(pd2.get(1), MemberInfoCorrected.class)).corrected();
        assertThat(corrected.name()).isEqualTo("已删除");
        assertThat(corrected.contactAddress()).as("null before, null after").isNull();
    }

    @Test
    void a_sealed_blob_moved_to_another_members_event_does_not_open() throws Exception {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        ObjectNode ofA = tree(store(MemberData.registered(a, "union-1", StoredFormatFixture.details())));
        ObjectNode ofB = tree(store(MemberData.registered(b, "union-1", StoredFormatFixture.details())));
        ofB.set("pd2", ofA.get("pd2"));

        assertThatThrownBy(() -> read(BOOT_LIKE.writeValueAsBytes(ofB), MemberRegistered.class))
                .hasRootCauseInstanceOf(AEADBadTagException.class);
    }

    @Test
    void a_sealed_blob_moved_to_another_kind_of_event_of_the_same_member_does_not_open() throws Exception {
        String member = UUID.randomUUID().toString();
        ObjectNode transferred = tree(store(new MemberTransferred(member, "union-1", "union-2", "调往外地工作")));
        ObjectNode withdrawn = tree(store(new MemberWithdrawn(member, "union-2", "调往外地工作")));
        withdrawn.set("pd2", transferred.get("pd2"));

        assertThatThrownBy(() -> read(BOOT_LIKE.writeValueAsBytes(withdrawn), MemberWithdrawn.class))
                .hasRootCauseInstanceOf(AEADBadTagException.class);
    }

    @Test
    void a_pd1_ciphertext_moved_to_another_field_does_not_open() throws Exception {
        ObjectNode registered = tree(pd1Payloads().get(0));
        ObjectNode details = (ObjectNode) registered.get("details");
        JsonNode name = details.get("name");
        details.set("name", details.get("employerName"));
        details.set("employerName", name);

        assertThatThrownBy(() -> read(BOOT_LIKE.writeValueAsBytes(registered), MemberRegistered.class))
                .hasRootCauseInstanceOf(AEADBadTagException.class);
    }

    @Test
    void a_personal_value_in_clear_in_a_pd2_event_is_refused_with_the_field_named_not_the_value() throws Exception {
        String member = UUID.randomUUID().toString();
        ObjectNode corrected = tree(store(StoredFormatFixture.events(member).get(1)));
        ((ObjectNode) corrected.get("corrected")).put("contactAddress", "泉州市鲤城区");
        ObjectNode registered = tree(store(MemberData.registered(member, "union-1", StoredFormatFixture.details())));
        ((ObjectNode) registered.get("details")).put("householdCity", "泉州市");

        assertThatThrownBy(() -> read(BOOT_LIKE.writeValueAsBytes(corrected), MemberInfoCorrected.class))
                .hasStackTraceContaining("personal field 'contactAddress' is not encrypted in the store")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("泉州市"));
        assertThatThrownBy(() -> read(BOOT_LIKE.writeValueAsBytes(registered), MemberRegistered.class))
                .hasStackTraceContaining("the sealed personal data does not fit the event at 'householdCity'")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("泉州市"));
    }

    @Test
    void a_personal_value_without_a_subject_to_seal_it_under_is_refused() {
        assertThatThrownBy(() -> store(StoredFormatFixture.details()))
                .hasStackTraceContaining("written outside an event with a @DataSubject");
        assertThatThrownBy(() -> store(new NicknameChosen(null, "小岚")))
                .hasStackTraceContaining("personal field 'nickname' written outside an event with a @DataSubject");
    }

    private static String stackTrace(Throwable e) {
        var out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
