package cn.unioncard.registry.events.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The chain as an outside tool would compute it from the javadoc of {@link StoredEvent} alone:
 * a ByteBuffer for the canonical form and MessageDigest for SHA-256. Nothing here calls the code
 * under test, so the tests compare two independent implementations.
 */
final class IndependentChain {

    static final byte[] MAGIC = {'U', 'C', 'R', '-', 'E', 'V', 'E', 'N', 'T', '-', '1'};

    private IndependentChain() {
    }

    static byte[] canonical(StoredEvent e) {
        List<byte[]> fields = new ArrayList<>();
        fields.add(utf8(e.eventIdentifier()));
        fields.add(utf8(e.aggregateType()));
        fields.add(utf8(e.aggregateIdentifier()));
        fields.add(utf8(e.payloadType()));
        fields.add(utf8(e.payloadRevision()));
        fields.add(utf8(e.timestamp()));
        fields.add(e.payload());
        fields.add(e.metaData());
        int size = MAGIC.length + 8 + 8;
        for (byte[] f : fields) {
            size += 4 + (f == null ? 0 : f.length);
        }
        ByteBuffer buffer = ByteBuffer.allocate(size); // big-endian by default
        buffer.put(MAGIC);
        buffer.putLong(e.globalIndex());
        buffer.putLong(e.sequenceNumber());
        for (byte[] f : fields) {
            if (f == null) {
                buffer.putInt(-1);
            } else {
                buffer.putInt(f.length);
                buffer.put(f);
            }
        }
        if (buffer.hasRemaining()) {
            throw new AssertionError("size miscounted");
        }
        return buffer.array();
    }

    static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                sha.update(p);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] chain(byte[] previous, StoredEvent e) {
        return sha256(previous, canonical(e));
    }

    /** Seals for the given events in order, starting from 32 zero bytes. */
    static List<Seal> seal(List<StoredEvent> events) {
        return seal(new byte[32], events);
    }

    static List<Seal> seal(byte[] start, List<StoredEvent> events) {
        List<Seal> seals = new ArrayList<>();
        byte[] previous = start;
        for (StoredEvent e : events) {
            previous = chain(previous, e);
            seals.add(new Seal(e.globalIndex(), e.eventIdentifier(), previous));
        }
        return seals;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
