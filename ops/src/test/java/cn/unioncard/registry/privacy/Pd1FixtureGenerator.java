package cn.unioncard.registry.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.json.JacksonSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Run once, with the pd1 writer, to capture what it stored: the fixture the pd1 reader is held to
 * ({@code -Dpd1.fixture=<file>}). Kept in history only; the writer it ran is gone.
 */
@EnabledIfSystemProperty(named = "pd1.fixture", matches = ".+")
class Pd1FixtureGenerator {

    @Test
    void capture() throws Exception {
        ObjectMapper bootLike = JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
            Flyway.configure().dataSource(pg.getPostgresDatabase()).locations("classpath:db/migration")
                    .placeholders(Map.of("appRole", "postgres")).load().migrate();
            byte[] raw = new byte[32];
            new SecureRandom().nextBytes(raw);
            String masterKey = Base64.getEncoder().encodeToString(raw);
            JdbcTemplate jdbc = new JdbcTemplate(pg.getPostgresDatabase());
            KeyRing keys = new KeyRing(jdbc, new MasterKey(Path.of("unused"), masterKey), 100);
            JacksonSerializer serializer = EventSerializerConfiguration.encryptingSerializer(bootLike, keys,
                    new AnnotationRevisionResolver());
            String member = UUID.randomUUID().toString();
            ObjectNode fixture = bootLike.createObjectNode();
            fixture.put("masterKey", masterKey);
            fixture.put("member", member);
            var events = fixture.putArray("events");
            for (Record event : StoredFormatFixture.events(member)) {
                events.addObject().put("type", event.getClass().getName()).put("payload",
                        new String(serializer.serialize(event, byte[].class).getData(), StandardCharsets.UTF_8));
            }
            fixture.put("wrappedKey", Base64.getEncoder().encodeToString(jdbc.queryForObject(
                    "select wrapped_key from data_key where subject_id = ?", byte[].class, member)));
            Files.writeString(Path.of(System.getProperty("pd1.fixture")),
                    bootLike.writerWithDefaultPrettyPrinter().writeValueAsString(fixture));
        }
    }
}
