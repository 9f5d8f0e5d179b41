package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * An event line of an export read straight from its bytes, when it is laid out exactly as
 * {@link ChainExport} writes it (fields in its order, ASCII text without escapes): a JSON parser
 * spent most of the offline verifier's time copying the base64 into strings. Anything else answers
 * null, and the line goes to the general JSON reader instead.
 */
final class ExportLine {

    private static final Base64.Decoder UNB64 = Base64.getDecoder();
    private static final byte[][] KEYS = keys("{\"globalIndex\":", ",\"eventIdentifier\":", ",\"aggregateType\":",
            ",\"aggregateIdentifier\":", ",\"sequenceNumber\":", ",\"payloadType\":", ",\"payloadRevision\":",
            ",\"timestamp\":", ",\"payload\":", ",\"metaData\":", ",\"seal\":", "}");
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** An event and its seal (null when unsealed). */
    record Parsed(StoredEvent event, byte[] seal) {
    }

    private final byte[] b;
    private int at;
    private final int end;

    private ExportLine(byte[] b, int from, int end) {
        this.b = b;
        this.at = from;
        this.end = end;
    }

    /** The event line in {@code b[from, end)}, or null if it is not in the exporter's own layout. */
    static Parsed parse(byte[] b, int from, int end) {
        try {
            return new ExportLine(b, from, end).read();
        } catch (NotFast e) {
            return null;
        }
    }

    private Parsed read() {
        long globalIndex = number(0);
        String eventIdentifier = text(1);
        String aggregateType = text(2);
        String aggregateIdentifier = text(3);
        long sequenceNumber = number(4);
        String payloadType = text(5);
        String payloadRevision = text(6);
        String timestamp = text(7);
        byte[] payload = bytes(8);
        byte[] metaData = bytes(9);
        byte[] seal = bytes(10);
        key(11);
        while (at < end && (b[at] == ' ' || b[at] == '\t' || b[at] == '\r')) {
            at++;
        }
        if (at != end) {
            throw NotFast.INSTANCE;
        }
        return new Parsed(new StoredEvent(globalIndex, eventIdentifier, aggregateType, aggregateIdentifier,
                sequenceNumber, payloadType, payloadRevision, timestamp, payload, metaData), seal);
    }

    private void key(int k) {
        byte[] key = KEYS[k];
        if (end - at < key.length || !Arrays.equals(b, at, at + key.length, key, 0, key.length)) {
            throw NotFast.INSTANCE;
        }
        at += key.length;
    }

    private long number(int k) {
        key(k);
        int start = at;
        boolean negative = at < end && b[at] == '-';
        if (negative) {
            at++;
        }
        long v = 0;
        while (at < end && b[at] >= '0' && b[at] <= '9') {
            v = v * 10 + (b[at++] - '0');
        }
        int digits = at - start - (negative ? 1 : 0);
        if (digits == 0 || digits > 18 || (digits > 1 && b[at - digits] == '0')) {
            throw NotFast.INSTANCE;
        }
        return negative ? -v : v;
    }

    /** Past key {@code k} and a string's opening quote: where its text starts, or -1 for null. */
    private int open(int k) {
        key(k);
        if (end - at >= 4 && Arrays.equals(b, at, at + 4, NULL, 0, 4)) {
            at += 4;
            return -1;
        }
        if (at >= end || b[at] != '"') {
            throw NotFast.INSTANCE;
        }
        return ++at;
    }

    /** A string's span (ASCII, no escape, no control character), or -1 for null. */
    private int span(int k) {
        int start = open(k);
        if (start < 0) {
            return -1;
        }
        while (at < end && b[at] != '"') {
            if (b[at] == '\\' || b[at] < 0x20) { // negative: not ASCII
                throw NotFast.INSTANCE;
            }
            at++;
        }
        if (at >= end) {
            throw NotFast.INSTANCE;
        }
        return start;
    }

    /** A base64 span: only its closing quote is looked for; the decoder refuses any byte outside base64. */
    private int base64Span(int k) {
        int start = open(k);
        if (start < 0) {
            return -1;
        }
        at = indexOf(b, start, end, (byte) '"');
        if (at < 0) {
            throw NotFast.INSTANCE;
        }
        return start;
    }

    /**
     * The first index of {@code x} in {@code b[from, to)}, or -1: eight bytes a step (a zero byte of
     * {@code word ^ pattern} found by the borrow trick), the lowest address first.
     */
    static int indexOf(byte[] b, int from, int to, byte x) {
        long pattern = (x & 0xFFL) * 0x0101010101010101L;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long v = (long) LONGS.get(b, i) ^ pattern;
            long found = (v - 0x0101010101010101L) & ~v & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private String text(int k) {
        int start = span(k);
        return start < 0 ? null : new String(b, start, at++ - start, StandardCharsets.ISO_8859_1);
    }

    /**
     * Decoded by the JDK's decoder, as before. What it refuses (an escape, say) goes to the general
     * reader, which decodes JSON escapes first and then refuses malformed base64 as it did.
     */
    private byte[] bytes(int k) {
        int start = base64Span(k);
        if (start < 0) {
            return null;
        }
        ByteBuffer decoded;
        try {
            decoded = UNB64.decode(ByteBuffer.wrap(b, start, at++ - start));
        } catch (IllegalArgumentException e) {
            throw NotFast.INSTANCE;
        }
        byte[] array = decoded.array();
        return decoded.remaining() == array.length ? array : Arrays.copyOfRange(array, decoded.position(),
                decoded.limit());
    }

    private static byte[][] keys(String... keys) {
        return Arrays.stream(keys).map(k -> k.getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);
    }

    /** Not the exporter's layout: the line is read by the general reader. */
    private static final class NotFast extends RuntimeException {
        static final NotFast INSTANCE = new NotFast();

        private NotFast() {
            super(null, null, false, false);
        }
    }
}
