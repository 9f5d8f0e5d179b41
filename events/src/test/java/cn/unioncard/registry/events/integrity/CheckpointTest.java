package cn.unioncard.registry.events.integrity;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed checkpoints: the signed bytes follow the documented layout (built here independently),
 * a signature made with java.security over those bytes verifies with the matching X.509 public
 * key, and fails with another key or when position, hash, time or signature changed.
 */
class CheckpointTest {

    private static KeyPair keys;
    private static KeyPair otherKeys;
    private static final Instant AT = Instant.parse("2024-05-20T08:15:30.123456Z");
    private static final byte[] HASH = IndependentChain.sha256("head".getBytes(StandardCharsets.US_ASCII));

    @BeforeAll
    static void generateKeys() throws GeneralSecurityException {
        keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        otherKeys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** "UCR-CHECKPOINT-1", position (8 bytes BE), the 32-byte hash, then the ISO time length-prefixed. */
    private static byte[] expectedSignedBytes(long position, byte[] hash, Instant at) {
        byte[] magic = "UCR-CHECKPOINT-1".getBytes(StandardCharsets.US_ASCII);
        byte[] time = at.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(magic.length + 8 + hash.length + 4 + time.length);
        b.put(magic).putLong(position).put(hash).putInt(time.length).put(time);
        return b.array();
    }

    private static byte[] sign(PrivateKey key, byte[] bytes) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(bytes);
        return s.sign();
    }

    private static Checkpoint signed(long position, byte[] hash, Instant at) throws GeneralSecurityException {
        return new Checkpoint(position, hash, at, sign(keys.getPrivate(), expectedSignedBytes(position, hash, at)));
    }

    @Test
    void signedBytesFollowTheDocumentedLayout() {
        assertThat(Checkpoint.signedBytes(4711, HASH, AT)).isEqualTo(expectedSignedBytes(4711, HASH, AT));
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 0xab);
        assertThat(HexFormat.of().formatHex(Checkpoint.signedBytes(1, hash, Instant.parse("2024-01-01T00:00:00Z"))))
                .isEqualTo("5543522d434845434b504f494e542d31" // UCR-CHECKPOINT-1
                        + "0000000000000001"
                        + "ab".repeat(32)
                        + "00000014" + HexFormat.of().formatHex("2024-01-01T00:00:00Z".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void verifiesWithThePublishedKey() throws GeneralSecurityException {
        assertThat(signed(4711, HASH, AT).verifies(keys.getPublic().getEncoded())).isTrue();
    }

    @Test
    void theKeyIsPublishedAsX509() {
        assertThat(keys.getPublic().getFormat()).isEqualTo("X.509");
    }

    @Test
    void failsWithAnotherKey() throws GeneralSecurityException {
        assertThat(signed(4711, HASH, AT).verifies(otherKeys.getPublic().getEncoded())).isFalse();
    }

    @Test
    void failsWhenThePositionChanged() throws GeneralSecurityException {
        Checkpoint c = signed(4711, HASH, AT);
        byte[] pub = keys.getPublic().getEncoded();
        assertThat(new Checkpoint(4712, c.hash(), c.signedAt(), c.signature()).verifies(pub)).isFalse();
        assertThat(new Checkpoint(4710, c.hash(), c.signedAt(), c.signature()).verifies(pub)).isFalse();
        assertThat(new Checkpoint(4711 + (1L << 40), c.hash(), c.signedAt(), c.signature()).verifies(pub)).isFalse();
    }

    @Test
    void failsWhenTheHashChanged() throws GeneralSecurityException {
        Checkpoint c = signed(4711, HASH, AT);
        byte[] pub = keys.getPublic().getEncoded();
        for (int i = 0; i < 32; i++) {
            byte[] hash = HASH.clone();
            hash[i] ^= 0x01;
            assertThat(new Checkpoint(4711, hash, c.signedAt(), c.signature()).verifies(pub)).as("byte %d", i)
                    .isFalse();
        }
    }

    @Test
    void failsWhenTheTimeChanged() throws GeneralSecurityException {
        Checkpoint c = signed(4711, HASH, AT);
        byte[] pub = keys.getPublic().getEncoded();
        assertThat(new Checkpoint(4711, HASH, AT.plusNanos(1000), c.signature()).verifies(pub)).isFalse();
        assertThat(new Checkpoint(4711, HASH, AT.minusSeconds(3600), c.signature()).verifies(pub)).isFalse();
        assertThat(new Checkpoint(4711, HASH, AT, c.signature()).verifies(pub)).isTrue();
    }

    @Test
    void failsWhenTheSignatureChanged() throws GeneralSecurityException {
        Checkpoint c = signed(4711, HASH, AT);
        byte[] pub = keys.getPublic().getEncoded();
        for (int i = 0; i < c.signature().length; i += 7) {
            byte[] sig = c.signature().clone();
            sig[i] ^= 0x20;
            assertThat(new Checkpoint(4711, HASH, AT, sig).verifies(pub)).as("byte %d", i).isFalse();
        }
        assertThat(new Checkpoint(4711, HASH, AT, Arrays.copyOf(c.signature(), 63)).verifies(pub)).isFalse();
        assertThat(new Checkpoint(4711, HASH, AT, new byte[0]).verifies(pub)).isFalse();
    }

    @Test
    void aSignatureOverOtherBytesDoesNotVerify() throws GeneralSecurityException {
        // Signed without the magic: the layout matters, not just the values.
        byte[] time = AT.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 32 + 4 + time.length);
        b.putLong(4711).put(HASH).putInt(time.length).put(time);
        Checkpoint c = new Checkpoint(4711, HASH, AT, sign(keys.getPrivate(), b.array()));
        assertThat(c.verifies(keys.getPublic().getEncoded())).isFalse();
    }

    @Test
    void aMalformedKeyIsAFailureNotAnException() throws GeneralSecurityException {
        Checkpoint c = signed(4711, HASH, AT);
        assertThat(c.verifies(new byte[0])).isFalse();
        assertThat(c.verifies(new byte[44])).isFalse();
        assertThat(c.verifies("not a key".getBytes(StandardCharsets.US_ASCII))).isFalse();
        // The raw 32-byte key without the X.509 wrapping is not the published form.
        byte[] x509 = keys.getPublic().getEncoded();
        assertThat(c.verifies(Arrays.copyOfRange(x509, x509.length - 32, x509.length))).isFalse();
    }

    @Test
    void aKeyOfAnotherAlgorithmFails() throws GeneralSecurityException {
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThat(signed(4711, HASH, AT).verifies(ec.getPublic().getEncoded())).isFalse();
    }

    @Test
    void microsecondTimesSurviveAsTheyWereSigned() throws GeneralSecurityException {
        // The registry truncates to microseconds (what timestamptz keeps); whole seconds too.
        for (Instant at : new Instant[]{Instant.parse("2024-05-20T08:15:30Z"), Instant.parse("2024-05-20T08:15:30.100Z"),
                Instant.parse("2024-05-20T08:15:30.000001Z")}) {
            assertThat(signed(9, HASH, at).verifies(keys.getPublic().getEncoded())).as("%s", at).isTrue();
        }
    }
}
