package cn.unioncard.registry.integrity;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event store is append-only for the application, and an auditor's offline verifier agrees
 * with the registry's own verification — on an exported stream and straight from the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventStoreIntegrityTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(RunningRegistry.ADMIN, RunningRegistry.ADMIN_PASSWORD);
        String city = api.get("/api/unions?level=CITY", admin).json().path("items").get(0).path("id").asText();
        for (String name : List.of("思明区总工会", "湖里区总工会", "集美区总工会")) {
            assertThat(api.post("/api/unions", admin, Forms.district(city, name)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theApplicationsRoleCanAppendButNeverChangeOrRemoveEvents() {
        JdbcTemplate app = registry.appJdbc();
        assertThat(app.queryForObject("select current_user", String.class)).isEqualTo("registry_app");
        assertThat(app.queryForObject("select rolsuper from pg_roles where rolname = current_user", Boolean.class))
                .isFalse();
        long before = registry.eventCount();
        for (String sql : List.of("update domain_event_entry set payload = payload where global_index = 1",
                "delete from domain_event_entry where global_index = 1", "truncate domain_event_entry",
                "update event_seal set hash = hash where global_index = 1", "delete from event_seal")) {
            assertThatThrownBy(() -> app.execute(sql)).as(sql).rootCause().hasMessageContaining("permission denied");
        }
        // Even a role that was granted UPDATE by mistake meets the trigger; only a superuser who
        // switches triggers off gets through (and the chain then shows it).
        JdbcTemplate su = registry.jdbc();
        assertThatThrownBy(() -> su.execute("update domain_event_entry set payload = payload where global_index = 1"))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> su.execute("delete from domain_event_entry where global_index = 1"))
                .rootCause().hasMessageContaining("append-only");
        assertThat(registry.eventCount()).isEqualTo(before);
    }

    @Test
    void theOfflineVerifierAgreesWithTheRegistryOnAnExportAndOnTheDatabase(@TempDir Path dir) throws Exception {
        JsonNode digest = api.post("/api/audit/checkpoints", admin, null).json();
        Files.writeString(dir.resolve("digest.json"), digest.toString());
        Api.Response export = api.get("/api/audit/export", admin);
        assertThat(export.status()).isEqualTo(200);
        Files.writeString(dir.resolve("events.ndjson"), export.body());
        JsonNode online = api.get("/api/audit/verify", admin).json();
        assertThat(online.path("intact").asBoolean()).isTrue();

        Verdict fromFile = verify("--file", dir.resolve("events.ndjson").toString(),
                "--digest", dir.resolve("digest.json").toString());
        assertThat(fromFile.exit).as(fromFile.output).isZero();
        assertThat(fromFile.output).startsWith("INTACT").contains("position " + digest.path("position").asLong());

        // The same stream with one byte of one payload changed: the verifier names that event.
        List<String> lines = Files.readAllLines(dir.resolve("events.ndjson"));
        String victim = lines.get(3);
        long position = Api.JSON.readTree(victim).path("globalIndex").asLong();
        JsonNode node = Api.JSON.readTree(victim);
        byte[] payload = java.util.Base64.getDecoder().decode(node.path("payload").asText());
        payload[payload.length / 2] ^= 1;
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("payload",
                java.util.Base64.getEncoder().encodeToString(payload));
        lines.set(3, node.toString());
        Files.write(dir.resolve("tampered.ndjson"), lines);
        Verdict tampered = verify("--file", dir.resolve("tampered.ndjson").toString(),
                "--digest", dir.resolve("digest.json").toString());
        assertThat(tampered.exit).isEqualTo(1);
        assertThat(tampered.output).startsWith("BROKEN at position " + position + ": ALTERED");

        // A digest whose hash was changed no longer carries a valid signature.
        String forged = digest.toString().replace(digest.path("hash").asText(),
                java.util.Base64.getEncoder().encodeToString(new byte[32]));
        Files.writeString(dir.resolve("forged.json"), forged);
        Verdict bad = verify("--file", dir.resolve("events.ndjson").toString(), "--digest",
                dir.resolve("forged.json").toString());
        assertThat(bad.exit).isEqualTo(1);
        assertThat(bad.output).contains("signature does not verify");

        // Straight from the database, as its superuser: agrees; after tampering, both name the same position.
        var db = registry.context().getBean(cn.unioncard.registry.ops.database.DatabaseEndpoint.class);
        String[] fromDb = {"--jdbc", db.url(), "--user", db.ownerUser(), "--password", db.ownerPassword(),
                "--digest", dir.resolve("digest.json").toString()};
        assertThat(verify(fromDb).exit).isZero();
        registry.tamper("update domain_event_entry set payload = overlay(payload placing '\\x21'::bytea from 5 for 1) "
                + "where global_index = " + position);
        Verdict afterTamper = verify(fromDb);
        assertThat(afterTamper.exit).isEqualTo(1);
        assertThat(afterTamper.output).startsWith("BROKEN at position " + position + ": ALTERED");
        JsonNode onlineAfter = api.get("/api/audit/verify", admin).json();
        assertThat(onlineAfter.path("intact").asBoolean()).isFalse();
        assertThat(onlineAfter.path("firstMismatch").asLong()).isEqualTo(position);
        assertThat(onlineAfter.path("kind").asText()).isEqualTo("ALTERED");
    }

    record Verdict(int exit, String output) {
    }

    private static Verdict verify(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = VerifyChain.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Verdict(exit, bytes.toString(StandardCharsets.UTF_8).trim());
    }
}
