package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.IssuanceOutcome;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.testing.TestDatabase;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bank return's run reads back from the store as it was written: its rows' derived {@code issued()} is
 * not stored (Jackson took it for {@code isSued}), and one stored before that was fixed (with {@code "sued"})
 * still reads.
 */
class IssuanceRunRoundTripTest {

    private static final ObjectMapper BOOT_LIKE = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final JacksonSerializer serializer = EventSerializerConfiguration.encryptingSerializer(BOOT_LIKE,
            new KeyRing(new JdbcTemplate(TestDatabase.dataSource()),
                    new MasterKey(Path.of("unused"), "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="), 10),
            new AnnotationRevisionResolver());

    @Test
    void a_run_reads_back_as_written_and_an_old_one_with_issued_stored_reads_too() {
        CardIssuanceRecorded run = new CardIssuanceRecorded("r-1", "b-1", "g-1", "json", List.of(
                new IssuanceResult(1, "m-1", "c-1", IssuanceOutcome.ISSUED),
                new IssuanceResult(2, null, null, IssuanceOutcome.NOT_IN_BATCH)), 1, 1);
        SerializedObject<String> stored = serializer.serialize(run, String.class);
        assertThat(stored.getData()).doesNotContain("\"sued\"");
        assertThat((Object) serializer.deserialize(stored)).isEqualTo(run);

        String old = stored.getData().replace("\"outcome\":\"ISSUED\"", "\"outcome\":\"ISSUED\",\"sued\":true");
        assertThat(old).contains("\"sued\":true");
        assertThat((Object) serializer.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(
                old, String.class, stored.getType()))).isEqualTo(run);
    }
}
