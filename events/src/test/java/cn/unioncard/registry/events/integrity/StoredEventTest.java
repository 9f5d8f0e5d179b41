package cn.unioncard.registry.events.integrity;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical form and chain hash of a stored event, against the layout its javadoc documents,
 * built here independently (ByteBuffer, MessageDigest) and, for two fixed events, against bytes
 * and digests written out by hand (computed outside Java with Python's struct and hashlib).
 */
class StoredEventTest {

    private static final HexFormat HEX = HexFormat.of();

    /** global index 1, sequence 0, id "e1", aggregate type NULL, aggregate id "", "p", revision NULL, "t", {}, NULL. */
    private static final StoredEvent TINY = new StoredEvent(1, "e1", null, "", 0, "p", null, "t",
            "{}".getBytes(StandardCharsets.US_ASCII), null);
    private static final String TINY_CANONICAL = "5543522d4556454e542d31" // UCR-EVENT-1
            + "0000000000000001"          // global index
            + "0000000000000000"          // sequence number
            + "00000002" + "6531"         // "e1"
            + "ffffffff"                  // aggregate type NULL
            + "00000000"                  // aggregate identifier "" (empty, not NULL)
            + "00000001" + "70"           // "p"
            + "ffffffff"                  // payload revision NULL
            + "00000001" + "74"           // "t"
            + "00000002" + "7b7d"         // payload {}
            + "ffffffff";                 // metadata NULL
    /** SHA-256(32 zero bytes ‖ TINY_CANONICAL), by sha256sum and by Python's hashlib. */
    private static final String TINY_HASH = "3251c2146f33d083a39bb075303ae9d1dad5d3be4d6b255f717ab9933546bd44";

    /** Multi-byte UTF-8 in the aggregate identifier and payload: lengths count bytes, not characters. */
    private static final StoredEvent SECOND = new StoredEvent(2, "e2", "UserAccount", "陈雅婷", 7,
            "cn.x.LoginSucceeded", "1.0", "2024-05-20T08:00:00.123456Z",
            "{\"username\":\"陈\"}".getBytes(StandardCharsets.UTF_8), "{\"k\":\"v\"}".getBytes(StandardCharsets.UTF_8));
    private static final String SECOND_CANONICAL = "5543522d4556454e542d31"
            + "0000000000000002" + "0000000000000007"
            + "00000002" + "6532"
            + "0000000b" + "557365724163636f756e74"
            + "00000009" + "e99988e99b85e5a9b7"
            + "00000013" + "636e2e782e4c6f67696e537563636565646564"
            + "00000003" + "312e30"
            + "0000001b" + "323032342d30352d32305430383a30303a30302e3132333435365a"
            + "00000012" + "7b22757365726e616d65223a22e99988227d"
            + "00000009" + "7b226b223a2276227d";
    /** SHA-256(TINY_HASH ‖ SECOND_CANONICAL), by Python's hashlib. */
    private static final String SECOND_HASH = "d411aa52238931a82a70733391fbe97d4c49432858adc3700c6bc295dfa2af70";

    // ------------------------------------------------------------------ fixed vectors

    @Test
    void genesisIsThirtyTwoZeroBytes() {
        assertThat(StoredEvent.genesis()).hasSize(32).containsOnly(0);
    }

    @Test
    void canonicalBytesOfAMinimalEventMatchTheHandWrittenLayout() {
        assertThat(HEX.formatHex(TINY.canonicalBytes())).isEqualTo(TINY_CANONICAL);
    }

    @Test
    void canonicalBytesCountUtf8BytesNotCharacters() {
        assertThat(HEX.formatHex(SECOND.canonicalBytes())).isEqualTo(SECOND_CANONICAL);
    }

    @Test
    void chainHashesMatchDigestsComputedOutsideJava() {
        byte[] first = TINY.chain(new byte[32]);
        assertThat(HEX.formatHex(first)).isEqualTo(TINY_HASH);
        assertThat(HEX.formatHex(SECOND.chain(first))).isEqualTo(SECOND_HASH);
        assertThat(HEX.formatHex(TINY.chain(StoredEvent.genesis()))).isEqualTo(TINY_HASH);
    }

    @Test
    void chainDoesNotModifyThePreviousHash() {
        byte[] previous = HEX.parseHex(TINY_HASH);
        SECOND.chain(previous);
        assertThat(HEX.formatHex(previous)).isEqualTo(TINY_HASH);
        assertThat(StoredEvent.genesis()).containsOnly(0);
    }

    @Test
    void canonicalBytesReadBackFieldByField() {
        ByteBuffer b = ByteBuffer.wrap(SECOND.canonicalBytes());
        byte[] magic = new byte[11];
        b.get(magic);
        assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("UCR-EVENT-1");
        assertThat(b.getLong()).isEqualTo(2);
        assertThat(b.getLong()).isEqualTo(7);
        assertThat(text(b)).isEqualTo("e2");
        assertThat(text(b)).isEqualTo("UserAccount");
        assertThat(text(b)).isEqualTo("陈雅婷");
        assertThat(text(b)).isEqualTo("cn.x.LoginSucceeded");
        assertThat(text(b)).isEqualTo("1.0");
        assertThat(text(b)).isEqualTo("2024-05-20T08:00:00.123456Z");
        assertThat(text(b)).isEqualTo("{\"username\":\"陈\"}");
        assertThat(text(b)).isEqualTo("{\"k\":\"v\"}");
        assertThat(b.hasRemaining()).as("nothing after the metadata").isFalse();
    }

    private static String text(ByteBuffer b) {
        int length = b.getInt();
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aFourByteCharacterIsCountedAsFourBytes() {
        StoredEvent e = new StoredEvent(3, "😀", null, null, 0, null, null, null, null, null);
        byte[] c = e.canonicalBytes();
        ByteBuffer b = ByteBuffer.wrap(c, 11 + 16, c.length - 27);
        assertThat(b.getInt()).isEqualTo(4);
        byte[] id = new byte[4];
        b.get(id);
        assertThat(id).isEqualTo("😀".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 7; i++) {
            assertThat(b.getInt()).as("NULL field %d", i).isEqualTo(-1);
        }
        assertThat(b.hasRemaining()).isFalse();
    }

    @Test
    void nullAndEmptyAreDifferent() {
        StoredEvent nullRevision = new StoredEvent(5, "id", "T", "a", 1, "p", null, "ts", new byte[]{1}, null);
        StoredEvent emptyRevision = new StoredEvent(5, "id", "T", "a", 1, "p", "", "ts", new byte[]{1}, null);
        StoredEvent emptyMeta = new StoredEvent(5, "id", "T", "a", 1, "p", null, "ts", new byte[]{1}, new byte[0]);
        assertThat(nullRevision.chain(StoredEvent.genesis())).isNotEqualTo(emptyRevision.chain(StoredEvent.genesis()));
        assertThat(nullRevision.chain(StoredEvent.genesis())).isNotEqualTo(emptyMeta.chain(StoredEvent.genesis()));
    }

    @Test
    void bytesMovedBetweenNeighbouringFieldsChangeTheHash() {
        StoredEvent a = new StoredEvent(9, "id", "ab", "c", 1, "p", null, "ts", "xy".getBytes(), "z".getBytes());
        StoredEvent b = new StoredEvent(9, "id", "a", "bc", 1, "p", null, "ts", "xy".getBytes(), "z".getBytes());
        StoredEvent c = new StoredEvent(9, "id", "ab", "c", 1, "p", null, "ts", "x".getBytes(), "yz".getBytes());
        assertThat(a.chain(StoredEvent.genesis())).isNotEqualTo(b.chain(StoredEvent.genesis()));
        assertThat(a.chain(StoredEvent.genesis())).isNotEqualTo(c.chain(StoredEvent.genesis()));
    }

    @Test
    void theSameEventAfterADifferentPredecessorHashesDifferently() {
        byte[] other = new byte[32];
        other[31] = 1;
        assertThat(SECOND.chain(other)).isNotEqualTo(SECOND.chain(StoredEvent.genesis()));
    }

    // ------------------------------------------------------------------ properties

    @Property(tries = 500)
    void canonicalBytesEqualTheIndependentLayout(@ForAll("events") StoredEvent e) {
        assertThat(e.canonicalBytes()).isEqualTo(IndependentChain.canonical(e));
    }

    @Property(tries = 500)
    void chainIsSha256OfPreviousThenCanonical(@ForAll("events") StoredEvent e, @ForAll("hashes") byte[] previous) {
        byte[] expected = IndependentChain.sha256(previous, IndependentChain.canonical(e));
        assertThat(e.chain(previous)).hasSize(32).isEqualTo(expected);
    }

    @Property(tries = 500)
    void anySingleByteChangeOfThePayloadChangesTheHash(@ForAll("eventsWithPayload") StoredEvent e,
                                                       @ForAll @IntRange(min = 0, max = 10_000) int where,
                                                       @ForAll @IntRange(min = 1, max = 255) int delta) {
        byte[] payload = e.payload().clone();
        int i = where % payload.length;
        payload[i] = (byte) (payload[i] + delta);
        StoredEvent changed = new StoredEvent(e.globalIndex(), e.eventIdentifier(), e.aggregateType(),
                e.aggregateIdentifier(), e.sequenceNumber(), e.payloadType(), e.payloadRevision(), e.timestamp(),
                payload, e.metaData());
        assertThat(changed.chain(StoredEvent.genesis())).isNotEqualTo(e.chain(StoredEvent.genesis()));
    }

    @Property(tries = 500)
    void anySingleByteChangeOfTheMetadataChangesTheHash(@ForAll("eventsWithMetadata") StoredEvent e,
                                                        @ForAll @IntRange(min = 0, max = 10_000) int where,
                                                        @ForAll @IntRange(min = 1, max = 255) int delta) {
        byte[] meta = e.metaData().clone();
        int i = where % meta.length;
        meta[i] = (byte) (meta[i] + delta);
        StoredEvent changed = new StoredEvent(e.globalIndex(), e.eventIdentifier(), e.aggregateType(),
                e.aggregateIdentifier(), e.sequenceNumber(), e.payloadType(), e.payloadRevision(), e.timestamp(),
                e.payload(), meta);
        assertThat(changed.chain(StoredEvent.genesis())).isNotEqualTo(e.chain(StoredEvent.genesis()));
    }

    @Property(tries = 1000)
    void changingAnyFieldChangesTheHash(@ForAll("events") StoredEvent e, @ForAll @IntRange(min = 0, max = 9) int field,
                                        @ForAll("texts") String text, @ForAll("hashes") byte[] previous) {
        StoredEvent changed = withField(e, field, text);
        assertThat(Arrays.equals(IndependentChain.canonical(changed), IndependentChain.canonical(e)))
                .as("the mutation must really change the event").isFalse();
        assertThat(changed.chain(previous)).isNotEqualTo(e.chain(previous));
    }

    @Property(tries = 200)
    void aSingleBitOfThePreviousHashChangesTheHash(@ForAll("events") StoredEvent e, @ForAll("hashes") byte[] previous,
                                                   @ForAll @IntRange(min = 0, max = 255) int bit) {
        byte[] flipped = previous.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThat(e.chain(flipped)).isNotEqualTo(e.chain(previous));
    }

    /** A copy of {@code e} with one field replaced by a value that surely differs. */
    private static StoredEvent withField(StoredEvent e, int field, String text) {
        long gi = e.globalIndex();
        String id = e.eventIdentifier();
        String type = e.aggregateType();
        String agg = e.aggregateIdentifier();
        long seq = e.sequenceNumber();
        String pt = e.payloadType();
        String rev = e.payloadRevision();
        String ts = e.timestamp();
        byte[] payload = e.payload();
        byte[] meta = e.metaData();
        switch (field) {
            case 0 -> gi = gi + 1;
            case 1 -> id = other(id, text);
            case 2 -> type = other(type, text);
            case 3 -> agg = other(agg, text);
            case 4 -> seq = seq ^ 0x40;
            case 5 -> pt = other(pt, text);
            case 6 -> rev = other(rev, text);
            case 7 -> ts = other(ts, text);
            case 8 -> payload = other(payload, text);
            case 9 -> meta = other(meta, text);
            default -> throw new IllegalArgumentException();
        }
        return new StoredEvent(gi, id, type, agg, seq, pt, rev, ts, payload, meta);
    }

    private static String other(String old, String candidate) {
        if (old == null) {
            return candidate == null ? "" : candidate;
        }
        if (candidate == null) {
            return null;
        }
        return candidate.equals(old) ? old + "x" : candidate;
    }

    private static byte[] other(byte[] old, String candidate) {
        String s = other(old == null ? null : new String(old, StandardCharsets.ISO_8859_1), candidate);
        if (s == null) {
            return null;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return old != null && Arrays.equals(b, old) ? Arrays.copyOf(old, old.length + 1) : b;
    }

    // ------------------------------------------------------------------ arbitraries

    private record Head(long globalIndex, String id, String type, String aggregate, long sequence) {
    }

    @Provide
    Arbitrary<String> texts() {
        // Valid Unicode only (no lone surrogates): what PostgreSQL text can hold.
        Arbitrary<String> ascii = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        Arbitrary<String> cjk = Arbitraries.strings().withCharRange('一', '龥').withChars('·', 'é').ofMaxLength(10);
        Arbitrary<String> emoji = Arbitraries.of("😀", "𠮷野家", "a😀b");
        return Arbitraries.oneOf(ascii, cjk, emoji).injectNull(0.15);
    }

    @Provide
    Arbitrary<byte[]> hashes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    private static Arbitrary<byte[]> blobs(int minSize, double nulls) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(minSize).ofMaxSize(300).injectNull(nulls);
    }

    private Arbitrary<StoredEvent> events(Arbitrary<byte[]> payloads, Arbitrary<byte[]> metas) {
        Arbitrary<Head> heads = Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE), texts(), texts(),
                texts(), Arbitraries.longs().greaterOrEqual(0)).as(Head::new);
        return Combinators.combine(heads, texts(), texts(), texts(), payloads, metas)
                .as((h, pt, rev, ts, p, m) -> new StoredEvent(h.globalIndex(), h.id(), h.type(), h.aggregate(),
                        h.sequence(), pt, rev, ts, p, m));
    }

    @Provide
    Arbitrary<StoredEvent> events() {
        return events(blobs(0, 0.1), blobs(0, 0.3));
    }

    @Provide
    Arbitrary<StoredEvent> eventsWithPayload() {
        return events(blobs(1, 0), blobs(0, 0.3));
    }

    @Provide
    Arbitrary<StoredEvent> eventsWithMetadata() {
        return events(blobs(0, 0.1), blobs(1, 0));
    }
}
