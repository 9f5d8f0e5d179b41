package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.integrity.ChainReport;
import cn.unioncard.registry.events.integrity.Checkpoint;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * The chain as auditors see it: the latest signed checkpoint with the public key to check it,
 * a checkpoint on demand, and a recomputation of any range against the seals and checkpoints.
 */
@RestController
class ChainController {

    /** What an outside tool needs to trust the chain up to {@code position}. */
    record Digest(long position, String hash, Instant signedAt, String signature, String algorithm,
                  String publicKey, String keyId) {
        static Digest of(Checkpoint c, byte[] publicKey, String keyId) {
            Base64.Encoder b64 = Base64.getEncoder();
            return new Digest(c.position(), b64.encodeToString(c.hash()), c.signedAt(),
                    b64.encodeToString(c.signature()), "Ed25519", b64.encodeToString(publicKey), keyId);
        }
    }

    private final CheckpointSigner signer;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final AccessLog accessLog;
    private final ObjectMapper json;

    ChainController(CheckpointSigner signer, JdbcTemplate jdbc, TransactionTemplate tx, AccessLog accessLog,
                    ObjectMapper json) {
        this.signer = signer;
        this.jdbc = jdbc;
        // Events and seals read in one snapshot: an event sealed between two reads is not "missing".
        this.tx = new TransactionTemplate(tx.getTransactionManager());
        this.tx.setIsolationLevel(TransactionTemplate.ISOLATION_REPEATABLE_READ);
        this.tx.setReadOnly(true);
        this.accessLog = accessLog;
        this.json = json;
    }

    @GetMapping("/api/audit/digest")
    Digest digest(Actor actor) {
        Permission.READ_CHAIN.require(actor);
        Checkpoint c = signer.latest().or(signer::signIfAdvanced).orElseThrow(() ->
                RegistryProblem.notFound("checkpoint"));
        return Digest.of(c, signer.publicKey(), signer.keyId());
    }

    @PostMapping("/api/audit/checkpoints")
    Digest checkpoint(Actor actor) {
        Permission.VERIFY_CHAIN.require(actor);
        // Nothing new to sign is no failure: the latest checkpoint still holds.
        Checkpoint c = signer.signIfAdvanced().or(signer::latest)
                .orElseThrow(() -> RegistryProblem.notFound("checkpoint"));
        return Digest.of(c, signer.publicKey(), signer.keyId());
    }

    @GetMapping("/api/audit/verify")
    ChainReport verify(@RequestParam(defaultValue = "1") long from,
                       @RequestParam(defaultValue = "" + Long.MAX_VALUE) long to, Actor actor) {
        Permission.VERIFY_CHAIN.require(actor);
        return tx.execute(status -> {
            Range range = Range.of(from, to, head());
            return new ChainStore(new JdbcTemplate(jdbc.getDataSource())).verify(range.from(), range.to(),
                    signer.publicKey());
        });
    }

    /**
     * The event stream as stored, with seals and checkpoints, for the offline verifier. Payloads
     * hold members' data, so the members in the range are recorded as read before anything is sent.
     */
    @GetMapping(value = "/api/audit/export", produces = ChainExport.MEDIA_TYPE)
    ResponseEntity<StreamingResponseBody> export(@RequestParam(defaultValue = "1") long from,
                                                 @RequestParam(defaultValue = "" + Long.MAX_VALUE) long to,
                                                 Actor actor) {
        Permission.VERIFY_CHAIN.require(actor);
        Range range = Range.of(from, to, head());
        List<String> members = jdbc.queryForList("select distinct aggregate_identifier from domain_event_entry "
                + "where type = ? and global_index between ? and ?", String.class, StoredEvents.MEMBER, range.from(),
                range.to());
        accessLog.record(actor, members, List.of("events"), true, "GET /api/audit/export");
        // Set here: a StreamingResponseBody alone goes out without the Content-Type that produces names.
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(ChainExport.MEDIA_TYPE))
                .body(out -> tx.executeWithoutResult(status -> ChainExport.write(out, jdbc, json, range.from(),
                        range.to())));
    }

    /** The chain's last position: stored or sealed, so that deleted tail events still fall in the range. */
    private long head() {
        Long head = jdbc.queryForObject("select greatest((select max(global_index) from domain_event_entry), "
                + "(select max(global_index) from event_seal))", Long.class);
        return head == null ? 0 : head;
    }
}
