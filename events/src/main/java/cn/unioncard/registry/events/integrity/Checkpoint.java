package cn.unioncard.registry.events.integrity;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;

/**
 * A signed statement "the chain at {@code position} has hash {@code hash}", made at
 * {@code signedAt}. The signed bytes: ASCII {@code UCR-CHECKPOINT-1}, the position as an 8-byte
 * big-endian integer, the 32-byte hash, and the ISO-8601 time as length-prefixed UTF-8. Ed25519;
 * the public key is published as X.509 SubjectPublicKeyInfo.
 */
public record Checkpoint(long position, byte[] hash, Instant signedAt, byte[] signature) {

    private static final byte[] MAGIC = "UCR-CHECKPOINT-1".getBytes(StandardCharsets.US_ASCII);

    public static byte[] signedBytes(long position, byte[] hash, Instant signedAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeLong(position);
            out.write(hash);
            byte[] time = signedAt.toString().getBytes(StandardCharsets.UTF_8);
            out.writeInt(time.length);
            out.write(time);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Whether the signature is valid under the given X.509-encoded Ed25519 public key. */
    public boolean verifies(byte[] publicKeyX509) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKeyX509));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signedBytes(position, hash, signedAt));
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
