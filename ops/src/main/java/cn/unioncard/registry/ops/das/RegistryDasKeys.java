package cn.unioncard.registry.ops.das;

import cn.unioncard.registry.events.das.DasSigner;
import cn.unioncard.registry.events.das.OfflineKeys;
import cn.unioncard.registry.events.das.RegistryDasKey;
import cn.unioncard.registry.ops.KeyFiles;
import cn.unioncard.registry.ops.RegistryProperties;
import org.springframework.stereotype.Component;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The registry's own Ed25519 key for the .das files it makes (no union's key: the registry keeps no union's
 * private key). Generated once into the data directory, owner-only, as two base64 lines (PKCS#8 private,
 * X.509 public), like the chain's signing key; the query side signs and the import verifies through the
 * events.das interfaces only.
 */
@Component
class RegistryDasKeys implements DasSigner, RegistryDasKey {

    static final String FILE = "offline-report-signing.key";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    RegistryDasKeys(RegistryProperties properties) {
        String[] lines = KeyFiles.readOrCreate(properties.dataDir().resolve(FILE), () -> {
            KeyPair pair = OfflineKeys.generate();
            return Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()) + "\n"
                    + OfflineKeys.encode(pair.getPublic()) + "\n";
        }).split("\\s+");
        try {
            this.privateKey = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
            this.publicKey = OfflineKeys.publicKey(lines[1]);
        } catch (GeneralSecurityException | ArrayIndexOutOfBoundsException | IllegalArgumentException e) {
            throw new IllegalStateException(FILE + " must be two base64 lines: PKCS#8 private key, X.509 public key "
                    + "(Ed25519)");
        }
        this.keyId = keyId(publicKey);
    }

    /** {@code registry-} and 16 hex digits of the SHA-256 of the encoded public key. */
    static String keyId(PublicKey key) {
        try {
            return "registry-" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getEncoded()), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] bytes) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(bytes);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an offline report", e);
        }
    }
}
