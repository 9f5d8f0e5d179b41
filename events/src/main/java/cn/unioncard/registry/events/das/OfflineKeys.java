package cn.unioncard.registry.events.das;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * Ed25519 keys of offline reports and the {@code union.key} file a union keeps: its key id and union
 * system code as two header lines, then the PKCS#8 private key in PEM.
 */
public final class OfflineKeys {

    /** The key file: the private key with the id and union it was issued for. */
    public record KeyFile(String keyId, String unionSystemCode, PrivateKey privateKey) {
    }

    private OfflineKeys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK 15+ has Ed25519", e);
        }
    }

    /** The public key as stored (X.509 SubjectPublicKeyInfo, base64). */
    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key");
        }
    }

    public static String keyFile(String keyId, String unionSystemCode, PrivateKey key) {
        return "Key-Id: " + keyId + "\nUnion: " + unionSystemCode + "\n-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    public static KeyFile readKeyFile(byte[] bytes) {
        String keyId = null;
        String union = null;
        StringBuilder pem = new StringBuilder();
        boolean inKey = false;
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\\R")) {
            String l = line.strip();
            if (l.startsWith("Key-Id:")) {
                keyId = l.substring(7).strip();
            } else if (l.startsWith("Union:")) {
                union = l.substring(6).strip();
            } else if (l.equals("-----BEGIN PRIVATE KEY-----")) {
                inKey = true;
            } else if (l.equals("-----END PRIVATE KEY-----")) {
                inKey = false;
            } else if (inKey) {
                pem.append(l);
            }
        }
        if (keyId == null || union == null || pem.isEmpty()) {
            throw new IllegalArgumentException("not a union key file (Key-Id, Union and a PRIVATE KEY block)");
        }
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem.toString())));
            return new KeyFile(keyId, union, key);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the key file's private key is not an Ed25519 PKCS#8 key");
        }
    }
}
