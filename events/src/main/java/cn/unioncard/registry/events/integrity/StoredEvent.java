package cn.unioncard.registry.events.integrity;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One row of the event store exactly as stored, and its place in the hash chain:
 * {@code hash_n = SHA-256(hash_(n-1) ‖ canonical(event_n))}, starting from 32 zero bytes.
 *
 * <p>The canonical form, for any outside tool: the ASCII magic {@code UCR-EVENT-1}, then in this
 * order the global index and the sequence number as 8-byte big-endian integers, then the event
 * identifier, aggregate type, aggregate identifier, payload type, payload revision and timestamp
 * as UTF-8 text, then the payload and the metadata as stored bytes. Every text or byte field is
 * preceded by its length as a 4-byte big-endian integer; a missing (SQL NULL) field is the length
 * -1 with no bytes. Payload and metadata are hashed as stored (ciphertext where encrypted).
 */
public record StoredEvent(long globalIndex, String eventIdentifier, String aggregateType, String aggregateIdentifier,
                          long sequenceNumber, String payloadType, String payloadRevision, String timestamp,
                          byte[] payload, byte[] metaData) {

    /** The hash before the first event: 32 zero bytes (a fresh array each time; arrays are mutable). */
    public static byte[] genesis() {
        return new byte[32];
    }
    private static final byte[] MAGIC = "UCR-EVENT-1".getBytes(StandardCharsets.US_ASCII);

    public byte[] canonicalBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + length(payload) + length(metaData));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeLong(globalIndex);
            out.writeLong(sequenceNumber);
            text(out, eventIdentifier);
            text(out, aggregateType);
            text(out, aggregateIdentifier);
            text(out, payloadType);
            text(out, payloadRevision);
            text(out, timestamp);
            bytes(out, payload);
            bytes(out, metaData);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The chain hash of this event following {@code previous}: the canonical bytes fed straight
     * into this thread's digest, without building them as one array first.
     */
    public byte[] chain(byte[] previous) {
        Hasher h = HASHER.get();
        h.sha.reset(); // nothing half-fed by an earlier call that threw
        h.sha.update(previous);
        h.sha.update(MAGIC);
        h.putLong(globalIndex);
        h.putLong(sequenceNumber);
        h.text(eventIdentifier);
        h.text(aggregateType);
        h.text(aggregateIdentifier);
        h.text(payloadType);
        h.text(payloadRevision);
        h.text(timestamp);
        h.bytes(payload);
        h.bytes(metaData);
        return h.sha.digest();
    }

    private static final ThreadLocal<Hasher> HASHER = ThreadLocal.withInitial(Hasher::new);

    /** A thread's SHA-256 and scratch buffer: getInstance per event cost as much as the hashing. */
    private static final class Hasher {
        private final MessageDigest sha;
        private final byte[] scratch = new byte[8];

        Hasher() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        void putLong(long v) {
            for (int i = 7; i >= 0; i--) {
                scratch[i] = (byte) v;
                v >>>= 8;
            }
            sha.update(scratch, 0, 8);
        }

        void putInt(int v) {
            scratch[0] = (byte) (v >>> 24);
            scratch[1] = (byte) (v >>> 16);
            scratch[2] = (byte) (v >>> 8);
            scratch[3] = (byte) v;
            sha.update(scratch, 0, 4);
        }

        void text(String s) {
            bytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
        }

        void bytes(byte[] b) {
            if (b == null) {
                putInt(-1);
                return;
            }
            putInt(b.length);
            sha.update(b);
        }
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        bytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }
}
