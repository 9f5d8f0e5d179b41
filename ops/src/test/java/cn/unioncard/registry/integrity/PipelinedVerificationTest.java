package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.ChainReport;
import cn.unioncard.registry.events.integrity.Checkpoint;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Verification reads on a second thread while it hashes (ChainFeed), in batches; a store of
 * 10,000 events with one byte changed anywhere, at the batches' edges included, is still reported
 * at exactly that position, from the database and from an export alike.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinedVerificationTest {

    private static final int EVENTS = 10_000;
    /** First, last, around the feed's batch of 1,024 items and the cursor's fetch of 1,000 rows, and random ones. */
    private static final List<Long> POSITIONS = List.of(1L, 512L, 513L, 1000L, 1001L, 1024L, 1025L, 2048L,
            (long) EVENTS - 1, (long) EVENTS, 4000L + new Random().nextInt(5000));

    private EmbeddedPostgres pg;
    private JdbcTemplate jdbc;
    private TransactionTemplate snapshot;
    private KeyPair key;
    private Path digest;

    @BeforeAll
    void fill(@TempDir Path dir) throws Exception {
        pg = SyntheticEvents.database(null, true);
        DataSource ds = pg.getPostgresDatabase();
        jdbc = new JdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        SyntheticEvents.append(jdbc, 1, EVENTS);
        assertThat(new ChainSealer(jdbc, tx).sealAvailable()).isEqualTo(EVENTS);
        snapshot = new TransactionTemplate(tx.getTransactionManager());
        snapshot.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
        snapshot.setReadOnly(true);
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] head = jdbc.queryForObject("select hash from event_seal where global_index = ?", byte[].class, EVENTS);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(Checkpoint.signedBytes(EVENTS, head, at));
        Base64.Encoder b64 = Base64.getEncoder();
        digest = dir.resolve("digest.json");
        Files.writeString(digest, "{\"position\":" + EVENTS + ",\"hash\":\"" + b64.encodeToString(head)
                + "\",\"signedAt\":\"" + at + "\",\"signature\":\"" + b64.encodeToString(s.sign())
                + "\",\"publicKey\":\"" + b64.encodeToString(key.getPublic().getEncoded()) + "\",\"keyId\":\"t\"}");
    }

    @AfterAll
    void stop() throws Exception {
        pg.close();
    }

    @Test
    void an_intact_store_of_ten_thousand_events_verifies_whole_and_in_any_range() {
        assertThat(verify(1, Long.MAX_VALUE)).isEqualTo(new ChainReport(true, 1, Long.MAX_VALUE, EVENTS, null, null,
                null));
        assertThat(verify(1000, 3049).eventsChecked()).isEqualTo(2050);
        assertThat(verify(EVENTS, EVENTS).eventsChecked()).isEqualTo(1);
    }

    @Test
    void one_changed_byte_anywhere_in_the_store_is_reported_at_its_position() {
        for (long at : POSITIONS) {
            int offset = new Random().nextInt(1700);
            flipPayloadByte(at, offset);
            try {
                ChainReport report = verify(1, Long.MAX_VALUE);
                assertThat(report.intact()).as("byte %d of event %d", offset, at).isFalse();
                assertThat(report.firstMismatch()).isEqualTo(at);
                assertThat(report.kind()).isEqualTo(ChainReport.Mismatch.ALTERED);
                assertThat(report.eventsChecked()).isEqualTo(at - 1);
            } finally {
                flipPayloadByte(at, offset);
            }
        }
        assertThat(verify(1, Long.MAX_VALUE).intact()).isTrue();
    }

    @Test
    void one_changed_byte_anywhere_in_an_export_is_reported_at_its_position(@TempDir Path dir) throws Exception {
        Path export = dir.resolve("events.ndjson");
        try (OutputStream out = Files.newOutputStream(export)) {
            snapshot.executeWithoutResult(s -> ChainExport.write(out, jdbc, new ObjectMapper(), 1, Long.MAX_VALUE));
        }
        assertThat(offline(export)).startsWith("0 INTACT: " + EVENTS + " events checked up to position " + EVENTS);
        List<String> lines = Files.readAllLines(export, StandardCharsets.UTF_8);
        for (long at : POSITIONS) {
            List<String> tampered = new java.util.ArrayList<>(lines);
            String line = tampered.get((int) at);
            int payload = line.indexOf("\"payload\":\"") + 11 + new Random().nextInt(2000);
            char c = line.charAt(payload);
            tampered.set((int) at, line.substring(0, payload) + (c == 'A' ? 'B' : 'A') + line.substring(payload + 1));
            Path file = dir.resolve("tampered-" + at + ".ndjson");
            Files.write(file, tampered, StandardCharsets.UTF_8);
            assertThat(offline(file)).as("a changed character at %d of line %d", payload, at)
                    .startsWith("1 BROKEN at position " + at + ": ALTERED — the stored bytes differ from what was "
                            + "sealed (" + (at - 1) + " events checked before it)");
        }
    }

    private String offline(Path export) {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int code = VerifyChain.run(new String[]{"--file", export.toString(), "--digest", digest.toString()},
                new PrintStream(text, true, StandardCharsets.UTF_8));
        return code + " " + text.toString(StandardCharsets.UTF_8);
    }

    private ChainReport verify(long from, long to) {
        return snapshot.execute(s -> new ChainStore(new JdbcTemplate(jdbc.getDataSource()))
                .verify(from, to, key.getPublic().getEncoded()));
    }

    /** XORs one payload byte with 0x01, as a superuser with the append-only triggers off; again to restore. */
    private void flipPayloadByte(long at, int offset) {
        jdbc.execute((java.sql.Connection c) -> {
            try (java.sql.Statement st = c.createStatement()) {
                st.execute("set session_replication_role = replica");
                st.execute("update domain_event_entry set payload = set_byte(payload, " + offset + ", get_byte(payload, "
                        + offset + ") # 1) where global_index = " + at);
                st.execute("set session_replication_role = origin");
            }
            return null;
        });
    }
}
