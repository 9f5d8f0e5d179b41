package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Checkpoint;
import cn.unioncard.registry.ops.KeyFiles;
import cn.unioncard.registry.ops.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Signs the chain head with an Ed25519 key: every minute while events arrive, and on demand. The
 * key is generated once into the data directory (owner-only) unless REGISTRY_CHAIN_SIGNING_KEY
 * supplies one (the same two base64 lines as the file). Anyone with the public key can check a
 * checkpoint offline. One registry signs at a time (an advisory lock for the signing transaction), so of
 * several on one database the checkpoints still follow the chain in order, position and time alike; when one
 * dies, whichever registry's timer fires next signs.
 */
@Component
class CheckpointSigner {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSigner.class);
    private static final long LOCK = 0x55_43_52_53_49_47_4E_31L; // "UCRSIGN1"

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ChainSealer sealer;
    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final String keyId;

    CheckpointSigner(JdbcTemplate jdbc, TransactionTemplate tx, ChainSealer sealer, RegistryProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.sealer = sealer;
        String configuredKey = properties.chain().signingKey();
        KeyPair pair = RegistryProperties.unset(configuredKey)
                ? loadOrCreate(properties.dataDir().resolve("chain-signing.key")) : parse(configuredKey);
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic().getEncoded();
        this.keyId = fingerprint(publicKey);
    }

    byte[] publicKey() {
        return publicKey.clone();
    }

    String keyId() {
        return keyId;
    }

    /** Every {@code registry.chain.checkpoint-interval}, first after one interval ({@link IntegrityScheduling}). */
    void signScheduled() {
        try {
            signIfAdvanced();
        } catch (RuntimeException e) {
            log.warn("Signing a checkpoint failed; will retry: {}", e.getClass().getSimpleName());
        }
    }

    /** Seals what is committed and signs the head if it moved since the last checkpoint. */
    Optional<Checkpoint> signIfAdvanced() {
        sealer.sealAvailable();
        try {
            tx.executeWithoutResult(status -> signHead());
        } catch (PessimisticLockingFailureException busy) {
            // Another process has been signing for 10 s: its checkpoint (or the last one) answers.
            log.info("Another registry process is signing a checkpoint; answering the latest one");
        }
        return latest();
    }

    /**
     * Under the lock, waiting for another registry's signing (milliseconds) rather than skipping it: a caller
     * asking for a checkpoint gets one of the head as it is once the other is done.
     */
    private void signHead() {
        jdbc.execute("set local lock_timeout = '10s'");
        jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, LOCK);
        Long head = jdbc.queryForObject("select max(global_index) from event_seal", Long.class);
        Long signed = jdbc.queryForObject("select max(position) from chain_checkpoint", Long.class);
        if (head == null || (signed != null && signed >= head)) {
            return;
        }
        byte[] hash = jdbc.queryForObject("select hash from event_seal where global_index = ?", byte[].class, head);
        // The database's clock, not this host's: checkpoints signed by processes on several hosts stay in time order.
        Instant at = jdbc.queryForObject("select clock_timestamp()", Timestamp.class).toInstant()
                .truncatedTo(ChronoUnit.MICROS);
        byte[] signature = sign(Checkpoint.signedBytes(head, hash, at));
        jdbc.update("insert into chain_checkpoint (position, hash, signed_at, signature, key_id) values (?,?,?,?,?) "
                + "on conflict (position) do nothing", head, hash, Timestamp.from(at), signature, keyId);
    }

    Optional<Checkpoint> latest() {
        return jdbc.query("select position, hash, signed_at, signature from chain_checkpoint "
                        + "order by position desc limit 1",
                (rs, i) -> new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(),
                        rs.getBytes(4))).stream().findFirst();
    }

    private byte[] sign(byte[] bytes) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(bytes);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a checkpoint", e);
        }
    }

    /** The key file holds two base64 lines: the PKCS#8 private key and the X.509 public key. */
    private static KeyPair loadOrCreate(Path file) {
        return parse(KeyFiles.readOrCreate(file, () -> {
            try {
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                        + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()) + "\n";
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Ed25519 is not available", e);
            }
        }));
    }

    private static KeyPair parse(String twoLines) {
        String[] lines = twoLines.trim().split("\\s+");
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
            PublicKey pub = factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(lines[1])));
            return new KeyPair(pub, priv);
        } catch (GeneralSecurityException | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalStateException("the chain signing key must be two base64 lines: PKCS#8 private key, "
                    + "X.509 public key (Ed25519)", e);
        }
    }

    private static String fingerprint(byte[] publicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
