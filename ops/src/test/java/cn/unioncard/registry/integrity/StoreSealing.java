package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.Checkpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** The registry's own sealer, signer and offline verifier for stores built by tools outside this package. */
public final class StoreSealing {

    private StoreSealing() {
    }

    /** Seals every unsealed event with the registry's {@link ChainSealer}; answers how many. */
    public static int sealAll(DataSource ds) {
        return new ChainSealer(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)))
                .sealAvailable();
    }

    /** Signs the chain's head with a fresh Ed25519 key and writes the digest an auditor would fetch. */
    public static void signHead(DataSource ds, Path digest) throws Exception {
        signHead(new JdbcTemplate(ds), KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "capacity", digest);
    }

    /** Signs the chain's head with {@code key}, stores the checkpoint and writes the digest beside it. */
    static void signHead(JdbcTemplate jdbc, KeyPair key, String keyId, Path digest) throws Exception {
        long head = jdbc.queryForObject("select max(global_index) from event_seal", Long.class);
        byte[] hash = jdbc.queryForObject("select hash from event_seal where global_index = ?", byte[].class, head);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key.getPrivate());
        s.update(Checkpoint.signedBytes(head, hash, at));
        byte[] signature = s.sign();
        jdbc.update("insert into chain_checkpoint (position, hash, signed_at, signature, key_id) values (?,?,?,?,?)",
                head, hash, Timestamp.from(at), signature, keyId);
        Base64.Encoder b64 = Base64.getEncoder();
        Files.writeString(digest, String.format("{\"position\":%d,\"hash\":\"%s\",\"signedAt\":\"%s\","
                        + "\"signature\":\"%s\",\"algorithm\":\"Ed25519\",\"publicKey\":\"%s\",\"keyId\":\"%s\"}",
                head, b64.encodeToString(hash), at, b64.encodeToString(signature),
                b64.encodeToString(key.getPublic().getEncoded()), keyId));
    }

    /** The offline verifier reading a database ({@code --jdbc}); its exit code, its line to {@code out}. */
    public static int verify(String jdbcUrl, String user, Path digest, PrintStream out) throws IOException {
        return VerifyChain.run(new String[]{"--jdbc", jdbcUrl, "--user", user, "--password", "",
                "--digest", digest.toString()}, out);
    }
}
