package cn.unioncard.registry.privacy;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static cn.unioncard.registry.testing.Bytes.holds;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a clerk types (rare characters outside the BMP, emoji, quotes, backslashes, control
 * characters), the event serializer stores it unreadable and gives back exactly what was written.
 */
class PersonalDataRoundTripPropertiesTest {

    private static final ObjectMapper BOOT_LIKE = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static EmbeddedPostgres pg;
    private static JacksonSerializer serializer;

    @BeforeContainer
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration")
                .placeholders(Map.of("appRole", "postgres")).load().migrate();
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        MasterKey master = new MasterKey(Path.of("unused"), Base64.getEncoder().encodeToString(raw));
        KeyRing keys = new KeyRing(new JdbcTemplate(pg.getPostgresDatabase()), master, 1000);
        serializer = EventSerializerConfiguration.encryptingSerializer(BOOT_LIKE, keys, new AnnotationRevisionResolver());
    }

    @AfterContainer
    static void stop() throws Exception {
        pg.close();
    }

    @Provide
    Arbitrary<String> typed() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(0).ofMaxLength(40),
                Arbitraries.strings().withChars("\"\\/\u0000\n\t{}[]:,").ofMaxLength(10),
                Arbitraries.of("𠀋𡈽𢭃", "龘靐齉", "王😀明", "Ｘ１２３", "\uD842\uDFB7野家"));
    }

    @Provide
    Arbitrary<String> chinese() {
        return Arbitraries.strings().withCharRange('\u4e00', '\u9fa5').ofMinLength(2).ofMaxLength(20);
    }

    private static MemberRegistered registered(String member, String name, String address, LocalDate expiry) {
        MemberDetails typed = MemberData.details().with(d -> {
            d.name = name;
            d.idExpiry = expiry;
            d.idLongTerm = expiry == null;
            d.contactAddress = address;
        }).build();
        return MemberData.registered(member, "union-1", typed);
    }

    private static Object roundTrip(Object event) {
        byte[] stored = serializer.serialize(event, byte[].class).getData();
        return serializer.deserialize(new SimpleSerializedObject<>(stored, byte[].class, event.getClass().getName(),
                null));
    }

    @Property(tries = 300)
    void whateverIsTypedComesBackExactly(@ForAll("typed") String name, @ForAll("typed") String address,
                                         @ForAll boolean longTerm) {
        MemberRegistered event = registered(UUID.randomUUID().toString(), name, address,
                longTerm ? null : LocalDate.of(2031, 5, 17));
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Property(tries = 300)
    void noTypedTextIsStoredReadably(@ForAll("chinese") String name, @ForAll("chinese") String address) {
        MemberRegistered event = registered(UUID.randomUUID().toString(), name, address, null);
        byte[] stored = serializer.serialize(event, byte[].class).getData();
        assertThat(holds(stored, name)).isFalse();
        assertThat(holds(stored, address)).isFalse();
    }
}
