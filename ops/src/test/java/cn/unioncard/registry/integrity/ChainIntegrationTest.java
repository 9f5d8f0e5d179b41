package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Checkpoint;
import cn.unioncard.registry.integrity.ChainSupport.Union;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static cn.unioncard.registry.integrity.ChainSupport.assertSealsMatchRecomputedChain;
import static cn.unioncard.registry.integrity.ChainSupport.awaitSealed;
import static cn.unioncard.registry.integrity.ChainSupport.eventCount;
import static cn.unioncard.registry.integrity.ChainSupport.rewriteSealsFrom;
import static cn.unioncard.registry.integrity.ChainSupport.sealCount;
import static cn.unioncard.registry.integrity.ChainSupport.underSealerLock;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash chain on the real registry: thousands of events written concurrently over HTTP are all
 * sealed and verify intact; then, as the database superuser, one changed byte, a deleted row and
 * two swapped rows are each reported at exactly their position (and the chain is intact again once
 * restored); a signed checkpoint verifies with the published key only; and seals rewritten
 * consistently after a tampered payload are caught by that checkpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChainIntegrationTest {

    private static final int THREADS = 8;
    private static final int MEMBERS_PER_THREAD = 5;
    private static final int READS_PER_THREAD = 260;
    private static final String PDA = "%PersonalDataAccessed";

    private RunningRegistry registry;
    private Api api;
    private JdbcTemplate jdbc;
    private String admin;
    private Union union;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        jdbc = registry.tamperingJdbc();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        union = ChainSupport.grassroots(api, admin, "思明区总工会", "厦门云卡信息科技有限公司工会委员会",
                "Operator-Password-C1");
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private JsonNode verify(String query) {
        return ChainSupport.verify(api, admin, query);
    }

    private JsonNode verify() {
        return verify("");
    }

    private void assertIntact(JsonNode report) {
        assertThat(report.path("intact").asBoolean()).as("%s", report).isTrue();
        assertThat(report.path("firstMismatch").isNull()).as("%s", report).isTrue();
        assertThat(report.path("kind").isNull()).as("%s", report).isTrue();
        assertThat(report.path("eventsChecked").asLong()).as("%s", report).isEqualTo(jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index <= ?", Long.class,
                report.path("to").asLong()));
    }

    /**
     * Verifies the whole chain once everything stored is sealed: denials and reads are recorded as
     * events too, so a step's own refusals may still be in the sealer's queue when it ends.
     */
    private void assertWholeChainIntact() {
        awaitSealed(jdbc, 30_000);
        long stored = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        JsonNode report = verify();
        assertIntact(report);
        assertThat(report.path("to").asLong()).as("the check reached every event stored before it: %s", report)
                .isGreaterThanOrEqualTo(stored);
    }

    private void assertBroken(JsonNode report, long at, String kind) {
        assertThat(report.path("intact").asBoolean()).as("%s", report).isFalse();
        assertThat(report.path("kind").asText()).as("%s", report).isEqualTo(kind);
        assertThat(report.path("firstMismatch").asLong()).as("%s", report).isEqualTo(at);
        long sealedBefore = jdbc.queryForObject("select count(*) from event_seal where global_index >= ? "
                + "and global_index < ?", Long.class, report.path("from").asLong(), at);
        assertThat(report.path("eventsChecked").asLong()).as("events checked before %d: %s", at, report)
                .isEqualTo(sealedBefore);
    }

    /** The global indexes of the stored PersonalDataAccessed events, ascending. */
    private List<Long> accessEvents() {
        return jdbc.queryForList("select global_index from domain_event_entry where payload_type like ? "
                + "order by global_index", Long.class, PDA);
    }

    /** A position inside a JSON string of the payload (a letter or digit), so the JSON stays valid. */
    private static int alphanumericPosition(byte[] payload) {
        for (int i = payload.length / 2; i < payload.length; i++) {
            if (Character.isLetterOrDigit(payload[i])) {
                return i;
            }
        }
        throw new AssertionError("no letter or digit in " + new String(payload, StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void thousandsOfEventsWrittenConcurrentlyAreAllSealedAndVerifyIntact() throws Exception {
        long before = eventCount(jdbc);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    List<String> members = new ArrayList<>();
                    for (int i = 0; i < MEMBERS_PER_THREAD; i++) {
                        Response created = api.post("/api/unions/" + union.id() + "/members", union.operatorToken(),
                                MemberData.numbered(thread * MEMBERS_PER_THREAD + i).json());
                        assertThat(created.status()).as("registering: %s", created).isEqualTo(201);
                        members.add(created.json().path("memberId").asText());
                    }
                    for (int r = 0; r < READS_PER_THREAD; r++) {
                        Response read = api.get("/api/members/" + members.get(r % members.size()), admin);
                        assertThat(read.status()).as("reading: %s", read).isEqualTo(200);
                    }
                    return MEMBERS_PER_THREAD + READS_PER_THREAD;
                }));
            }
            for (Future<Integer> w : workers) {
                w.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        long written = eventCount(jdbc) - before;
        assertThat(written).as("events written concurrently").isGreaterThanOrEqualTo(2000);
        assertThat(accessEvents()).hasSizeGreaterThanOrEqualTo(THREADS * READS_PER_THREAD);

        awaitSealed(jdbc, 30_000);
        assertSealsMatchRecomputedChain(jdbc);
        JsonNode report = verify();
        assertIntact(report);
        assertThat(report.path("eventsChecked").asLong()).isGreaterThanOrEqualTo(2000);
        assertThat(report.path("from").asLong()).isEqualTo(1);
        assertThat(sealCount(jdbc)).isEqualTo(eventCount(jdbc));
    }

    @Test
    @Order(2)
    void onlyAuditorsAndTheCityAdminMayVerify() {
        assertThat(api.get("/api/audit/verify", union.operatorToken()).status()).isEqualTo(403);
        assertThat(api.get("/api/audit/digest", union.operatorToken()).status()).isEqualTo(403);
        assertThat(api.post("/api/audit/checkpoints", union.operatorToken(), "").status()).isEqualTo(403);
        assertThat(api.get("/api/audit/verify", null).status()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void oneChangedPayloadByteIsReportedAtExactlyThatIndex() {
        List<Long> accesses = accessEvents();
        long k = accesses.get(accesses.size() / 2);
        byte[] original = jdbc.queryForObject("select payload from domain_event_entry where global_index = ?",
                byte[].class, k);
        int position = alphanumericPosition(original);
        int changed = (original[position] ^ 0x01) & 0xff;
        // set_byte counts from 0, like Java
        assertThat(jdbc.update("update domain_event_entry set payload = set_byte(payload, ?, ?) where global_index = ?",
                position, changed, k)).isEqualTo(1);
        byte[] tampered = jdbc.queryForObject("select payload from domain_event_entry where global_index = ?",
                byte[].class, k);
        int differing = 0;
        for (int i = 0; i < original.length; i++) {
            differing += original[i] != tampered[i] ? 1 : 0;
        }
        assertThat(differing).as("exactly one byte changed").isEqualTo(1);
        try {
            assertBroken(verify(), k, "ALTERED");
            // a range holding k reports it; a range ending before k is intact
            assertBroken(verify("?from=" + (k - 5) + "&to=" + (k + 5)), k, "ALTERED");
            JsonNode before = verify("?to=" + (k - 1));
            assertThat(before.path("intact").asBoolean()).as("%s", before).isTrue();
            JsonNode after = verify("?from=" + (k + 1));
            assertThat(after.path("intact").asBoolean()).as("%s", after).isTrue();
        } finally {
            jdbc.update("update domain_event_entry set payload = ? where global_index = ?", original, k);
        }
        assertWholeChainIntact();
    }

    @Test
    @Order(4)
    void aDeletedRowIsReportedMissingAtItsIndex() {
        List<Long> accesses = accessEvents();
        long k = accesses.get(accesses.size() / 3);
        Map<String, Object> saved = jdbc.queryForMap("select " + ChainSupport.EVENT_COLUMNS
                + " from domain_event_entry where global_index = ?", k);
        assertThat(jdbc.update("delete from domain_event_entry where global_index = ?", k)).isEqualTo(1);
        try {
            assertBroken(verify(), k, "MISSING");
        } finally {
            jdbc.update("insert into domain_event_entry (" + ChainSupport.EVENT_COLUMNS
                            + ") values (?,?,?,?,?,?,?,?,?,?)", saved.get("global_index"),
                    saved.get("event_identifier"), saved.get("type"), saved.get("aggregate_identifier"),
                    saved.get("sequence_number"), saved.get("payload_type"), saved.get("payload_revision"),
                    saved.get("time_stamp"), saved.get("payload"), saved.get("meta_data"));
        }
        assertWholeChainIntact();
        assertSealsMatchRecomputedChain(jdbc);
    }

    @Test
    @Order(5)
    void twoSwappedRowsAreReportedReorderedAtTheLowerIndex() {
        List<Long> accesses = accessEvents();
        long i = accesses.get(accesses.size() / 4);
        long j = accesses.get(3 * accesses.size() / 4);
        swap(i, j);
        try {
            assertBroken(verify(), i, "REORDERED");
        } finally {
            swap(i, j);
        }
        assertWholeChainIntact();
        assertSealsMatchRecomputedChain(jdbc);
    }

    private void swap(long i, long j) {
        underSealerLock(registry, db -> {
            assertThat(db.update("update domain_event_entry set global_index = -1 where global_index = ?", i))
                    .isEqualTo(1);
            assertThat(db.update("update domain_event_entry set global_index = ? where global_index = ?", i, j))
                    .isEqualTo(1);
            assertThat(db.update("update domain_event_entry set global_index = ? where global_index = -1", j))
                    .isEqualTo(1);
        });
    }

    @Test
    @Order(6)
    void aSignedCheckpointVerifiesWithThePublishedKeyOnly() throws Exception {
        awaitSealed(jdbc, 10_000);
        byte[] head = assertSealsMatchRecomputedChain(jdbc);
        long position = ChainSupport.maxSeal(jdbc);

        Response posted = api.post("/api/audit/checkpoints", admin, "");
        assertThat(posted.status()).as("%s", posted).isEqualTo(200);
        Response got = api.get("/api/audit/digest", admin);
        assertThat(got.status()).as("%s", got).isEqualTo(200);
        JsonNode digest = got.json();
        assertThat(digest).isEqualTo(posted.json());

        assertThat(digest.path("position").asLong()).isEqualTo(position);
        assertThat(digest.path("algorithm").asText()).isEqualTo("Ed25519");
        byte[] hash = Base64.getDecoder().decode(digest.path("hash").asText());
        assertThat(hash).as("the signed hash is the chain recomputed from the rows").isEqualTo(head);
        byte[] publicKey = Base64.getDecoder().decode(digest.path("publicKey").asText());
        Instant signedAt = Instant.parse(digest.path("signedAt").asText());
        byte[] signature = Base64.getDecoder().decode(digest.path("signature").asText());
        Checkpoint checkpoint = new Checkpoint(position, hash, signedAt, signature);

        assertThat(checkpoint.verifies(publicKey)).isTrue();
        byte[] otherKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        assertThat(checkpoint.verifies(otherKey)).isFalse();
        assertThat(new Checkpoint(position - 1, hash, signedAt, signature).verifies(publicKey)).isFalse();

        // The same with plain java.security over the documented bytes, as an outside tool would.
        PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKey));
        byte[] time = signedAt.toString().getBytes(StandardCharsets.UTF_8);
        byte[] magic = "UCR-CHECKPOINT-1".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = ByteBuffer.allocate(magic.length + 8 + 32 + 4 + time.length).put(magic).putLong(position)
                .put(hash).putInt(time.length).put(time).array();
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(signed);
        assertThat(verifier.verify(signature)).isTrue();

        // The key id is the first 8 bytes of SHA-256 over the published key, and the key is the one on disk.
        assertThat(digest.path("keyId").asText()).isEqualTo(
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey), 0, 8));
        Path keyFile = registry.dataDir().resolve("chain-signing.key");
        List<String> lines = Files.readAllLines(keyFile, StandardCharsets.US_ASCII);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).isEqualTo(digest.path("publicKey").asText());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");

        // Nothing new: a second request answers the same checkpoint.
        Response again = api.post("/api/audit/checkpoints", admin, "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(digest);
        assertWholeChainIntact();
    }

    @Test
    @Order(7)
    void sealsRewrittenConsistentlyAfterATamperedPayloadAreCaughtByTheSignedCheckpoint() {
        Long checkpointAt = jdbc.queryForObject("select max(position) from chain_checkpoint", Long.class);
        assertThat(checkpointAt).as("a checkpoint was signed by the test before").isNotNull();
        List<Long> accesses = accessEvents();
        long t = accesses.get(accesses.size() / 5);
        assertThat(t).isLessThan(checkpointAt);
        byte[] original = jdbc.queryForObject("select payload from domain_event_entry where global_index = ?",
                byte[].class, t);
        int position = alphanumericPosition(original);

        underSealerLock(registry, db -> {
            db.update("update domain_event_entry set payload = set_byte(payload, ?, ?) where global_index = ?",
                    position, (original[position] ^ 0x01) & 0xff, t);
            assertThat(rewriteSealsFrom(db, t)).as("seals rewritten").isGreaterThan(0);
        });
        try {
            long caughtAt = jdbc.queryForObject("select min(position) from chain_checkpoint where position >= ?",
                    Long.class, t);
            assertBroken(verify(), caughtAt, "CHECKPOINT");
            // Before the checkpoint the forgery is consistent: only the signature catches it.
            JsonNode upTo = verify("?to=" + (caughtAt - 1));
            assertThat(upTo.path("intact").asBoolean()).as("%s", upTo).isTrue();
        } finally {
            underSealerLock(registry, db -> {
                db.update("update domain_event_entry set payload = ? where global_index = ?", original, t);
                rewriteSealsFrom(db, t);
            });
        }
        assertWholeChainIntact();
        assertSealsMatchRecomputedChain(jdbc);
    }
}
