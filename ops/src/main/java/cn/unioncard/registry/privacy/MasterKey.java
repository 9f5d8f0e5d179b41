package cn.unioncard.registry.privacy;

import cn.unioncard.registry.ops.KeyFiles;
import cn.unioncard.registry.ops.RegistryProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key that wraps every member's data key (AES-256). Taken from REGISTRY_MASTER_KEY (32 bytes,
 * base64) or generated once into {@code <data-dir>/data-master.key}, owner-only. It never
 * encrypts personal data itself, so rotating it means re-wrapping the data keys (and re-sealing
 * the short-lived {@link #seal sealed} records) only.
 */
@Component
public class MasterKey {

    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    private final SecretKey key;
    /** The key derived for each purpose, derived once: a handful of purposes, each fixed in code. */
    private final Map<String, SecretKey> purposeKeys = new ConcurrentHashMap<>();

    @Autowired
    MasterKey(RegistryProperties properties) {
        this(properties.dataDir(), properties.privacy().masterKey());
    }

    MasterKey(Path dataDir, String configured) {
        String encoded = RegistryProperties.unset(configured)
                ? KeyFiles.readOrCreate(dataDir.resolve("data-master.key"), () -> {
                    byte[] k = new byte[32];
                    new SecureRandom().nextBytes(k);
                    return Base64.getEncoder().encodeToString(k);
                }) : configured.trim();
        byte[] raw = Base64.getDecoder().decode(encoded);
        if (raw.length != 32) {
            throw new IllegalStateException("the master key must be 32 bytes (base64), not " + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    byte[] wrap(String subject, byte[] dataKey) {
        return Gcm.seal(key, dataKey, aad(subject));
    }

    byte[] unwrap(String subject, byte[] wrapped) {
        return Gcm.open(key, wrapped, aad(subject));
    }

    /** Seals a small secret kept for a while (a replayable answer), bound to {@code context}. */
    public byte[] seal(String context, byte[] plaintext) {
        return Gcm.seal(key, plaintext, ("ucr-sealed:" + context).getBytes(StandardCharsets.UTF_8));
    }

    public byte[] open(String context, byte[] sealed) {
        return Gcm.open(key, sealed, ("ucr-sealed:" + context).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A keyed hash (HMAC-SHA256 under a key derived from the master key for {@code purpose}): a
     * fingerprint of data that may be personal, which nobody without the master key can test a
     * guess against.
     */
    public byte[] mac(String purpose, byte[] data) {
        SecretKey purposeKey = purposeKeys.computeIfAbsent(purpose, p -> new SecretKeySpec(
                hmac(new SecretKeySpec(key.getEncoded(), "HmacSHA256"), ("ucr-mac:" + p).getBytes(StandardCharsets.UTF_8)),
                "HmacSHA256"));
        return hmac(purposeKey, data);
    }

    /** HMAC-SHA256 on this thread's {@link Mac} (not thread-safe; {@code init} resets it for each use). */
    private static byte[] hmac(SecretKey macKey, byte[] data) {
        try {
            Mac mac = HMAC.get();
            mac.init(macKey);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A wrapped key is bound to its subject: moved to another member's row, it does not open. */
    private static byte[] aad(String subject) {
        return ("ucr-data-key:" + subject).getBytes(StandardCharsets.UTF_8);
    }
}
