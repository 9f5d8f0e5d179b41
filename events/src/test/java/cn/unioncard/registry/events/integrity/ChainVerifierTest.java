package cn.unioncard.registry.events.integrity;

import cn.unioncard.registry.events.integrity.ChainReport.Mismatch;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier on synthetic in-memory chains: the seals are computed here independently
 * ({@link IndependentChain}), then the stored rows are tampered with the way a superuser could.
 */
class ChainVerifierTest {

    private static final long ALL = Long.MAX_VALUE;

    /** Events at the given global indexes (gaps wherever an index is left out). */
    private static List<StoredEvent> events(long... indexes) {
        List<StoredEvent> events = new ArrayList<>();
        for (long i : indexes) {
            events.add(event(i, "evt-" + i));
        }
        return events;
    }

    private static StoredEvent event(long index, String id) {
        String payload = "{\"username\":\"user" + index + "\",\"n\":" + index + "}";
        return new StoredEvent(index, id, index % 3 == 0 ? null : "UserAccount", "agg-" + (index % 4), index / 4,
                "cn.unioncard.registry.events.account.LoginSucceeded", null, "2024-05-20T08:00:0" + (index % 10) + "Z",
                payload.getBytes(StandardCharsets.UTF_8),
                index % 5 == 0 ? null : "{\"actor.role\":\"CITY_ADMIN\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static long[] range(long from, long to) {
        long[] r = new long[(int) (to - from + 1)];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }

    private static ChainReport verify(List<StoredEvent> rows, List<Seal> seals) {
        return verify(1, ALL, rows, seals, new byte[32], Map.of());
    }

    private static ChainReport verify(long from, long to, List<StoredEvent> rows, List<Seal> seals, byte[] start,
                                      Map<Long, byte[]> checkpoints) {
        // Like the database: rows and seals in ascending order over [from, to].
        List<StoredEvent> r = rows.stream().filter(e -> e.globalIndex() >= from && e.globalIndex() <= to)
                .sorted(Comparator.comparingLong(StoredEvent::globalIndex)).toList();
        List<Seal> s = seals.stream().filter(x -> x.globalIndex() >= from && x.globalIndex() <= to)
                .sorted(Comparator.comparingLong(Seal::globalIndex)).toList();
        Map<String, Long> sealedAt = seals.stream().collect(Collectors.toMap(Seal::eventIdentifier, Seal::globalIndex));
        return ChainVerifier.verify(from, to, r.iterator(), s.iterator(), start, checkpoints,
                sealedAt::containsKey);
    }

    private static StoredEvent withPayload(StoredEvent e, byte[] payload) {
        return new StoredEvent(e.globalIndex(), e.eventIdentifier(), e.aggregateType(), e.aggregateIdentifier(),
                e.sequenceNumber(), e.payloadType(), e.payloadRevision(), e.timestamp(), payload, e.metaData());
    }

    private static StoredEvent withIndex(StoredEvent e, long index) {
        return new StoredEvent(index, e.eventIdentifier(), e.aggregateType(), e.aggregateIdentifier(),
                e.sequenceNumber(), e.payloadType(), e.payloadRevision(), e.timestamp(), e.payload(), e.metaData());
    }

    private static List<StoredEvent> replace(List<StoredEvent> rows, long index, StoredEvent replacement) {
        List<StoredEvent> copy = new ArrayList<>(rows);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).globalIndex() == index) {
                copy.set(i, replacement);
                return copy;
            }
        }
        throw new IllegalArgumentException("no row " + index);
    }

    private static StoredEvent at(List<StoredEvent> rows, long index) {
        return rows.stream().filter(e -> e.globalIndex() == index).findFirst().orElseThrow();
    }

    private static byte[] oneByteChanged(byte[] bytes, int position) {
        byte[] b = bytes.clone();
        b[position] ^= 0x01;
        return b;
    }

    private static void assertBroken(ChainReport report, long at, Mismatch kind, long checked) {
        assertThat(report.intact()).as("%s", report).isFalse();
        assertThat(report.kind()).as("%s", report).isEqualTo(kind);
        assertThat(report.firstMismatch()).as("%s", report).isEqualTo(at);
        assertThat(report.eventsChecked()).as("events checked before the mismatch in %s", report).isEqualTo(checked);
        assertThat(report.detail()).isNotBlank();
    }

    private static void assertIntact(ChainReport report, long checked) {
        assertThat(report.intact()).as("%s", report).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(checked);
        assertThat(report.firstMismatch()).isNull();
        assertThat(report.kind()).isNull();
    }

    // ------------------------------------------------------------------ intact

    @Test
    void anUntouchedChainIsIntact() {
        List<StoredEvent> rows = events(range(1, 50));
        ChainReport report = verify(rows, IndependentChain.seal(rows));
        assertIntact(report, 50);
        assertThat(report.from()).isEqualTo(1);
        assertThat(report.to()).isEqualTo(ALL);
    }

    @Test
    void anEmptyStoreIsIntact() {
        assertIntact(verify(List.of(), List.of()), 0);
    }

    @Test
    void gapsWithNeitherSealNorRowPass() {
        List<StoredEvent> rows = events(1, 2, 5, 6, 7, 12, 13, 40);
        assertIntact(verify(rows, IndependentChain.seal(rows)), 8);
    }

    @Test
    void rowsAfterTheLastSealAreIgnored() {
        List<StoredEvent> rows = events(range(1, 30));
        List<Seal> seals = IndependentChain.seal(rows.subList(0, 20));
        assertIntact(verify(rows, seals), 20);
    }

    @Test
    void aSubrangeVerifiesFromTheSealBeforeIt() {
        List<StoredEvent> rows = events(1, 2, 3, 5, 6, 7, 8, 9, 10);
        List<Seal> seals = IndependentChain.seal(rows);
        // from 5: start from the seal of 3 (4 is a gap)
        ChainReport report = verify(5, 8, rows, seals, seals.get(2).hash(), Map.of());
        assertIntact(report, 4);
        assertThat(report.from()).isEqualTo(5);
        assertThat(report.to()).isEqualTo(8);
        // a start hash that is not the chain before `from` is caught at `from`
        assertBroken(verify(5, 8, rows, seals, seals.get(1).hash(), Map.of()), 5, Mismatch.ALTERED, 0);
    }

    @Test
    void sealsBeyondToAreNotChecked() {
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = IndependentChain.seal(rows);
        // The verifier itself stops at `to` even when given more seals and rows.
        ChainReport report = ChainVerifier.verify(1, 4, rows.iterator(), seals.iterator(), new byte[32], Map.of(),
                id -> true);
        assertIntact(report, 4);
    }

    @Test
    void matchingCheckpointsPass() {
        List<StoredEvent> rows = events(range(1, 20));
        List<Seal> seals = IndependentChain.seal(rows);
        Map<Long, byte[]> checkpoints = Map.of(7L, seals.get(6).hash(), 20L, seals.get(19).hash());
        assertIntact(verify(1, ALL, rows, seals, new byte[32], checkpoints), 20);
    }

    // ------------------------------------------------------------------ altered

    @Property(tries = 200)
    void oneChangedPayloadByteIsReportedAtItsIndex(@ForAll @IntRange(min = 1, max = 40) int index,
                                                   @ForAll @IntRange(min = 0, max = 1000) int where) {
        List<StoredEvent> rows = events(range(1, 40));
        List<Seal> seals = IndependentChain.seal(rows);
        StoredEvent victim = at(rows, index);
        byte[] payload = oneByteChanged(victim.payload(), where % victim.payload().length);
        List<StoredEvent> tampered = replace(rows, index, withPayload(victim, payload));
        assertBroken(verify(tampered, seals), index, Mismatch.ALTERED, index - 1);
    }

    @Test
    void aChangedMetadataByteIsAltered() {
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = IndependentChain.seal(rows);
        StoredEvent e = at(rows, 4);
        StoredEvent changed = new StoredEvent(4, e.eventIdentifier(), e.aggregateType(), e.aggregateIdentifier(),
                e.sequenceNumber(), e.payloadType(), e.payloadRevision(), e.timestamp(), e.payload(),
                oneByteChanged(e.metaData(), 3));
        assertBroken(verify(replace(rows, 4, changed), seals), 4, Mismatch.ALTERED, 3);
    }

    @Test
    void aChangedTimestampOrTypeIsAltered() {
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = IndependentChain.seal(rows);
        StoredEvent e = at(rows, 6);
        StoredEvent later = new StoredEvent(6, e.eventIdentifier(), e.aggregateType(), e.aggregateIdentifier(),
                e.sequenceNumber(), e.payloadType(), e.payloadRevision(), "2024-05-20T08:00:07Z", e.payload(),
                e.metaData());
        assertBroken(verify(replace(rows, 6, later), seals), 6, Mismatch.ALTERED, 5);
        StoredEvent retyped = new StoredEvent(6, e.eventIdentifier(), e.aggregateType(), e.aggregateIdentifier(),
                e.sequenceNumber(), "cn.unioncard.registry.events.account.LoginFailed", e.payloadRevision(),
                e.timestamp(), e.payload(), e.metaData());
        assertBroken(verify(replace(rows, 6, retyped), seals), 6, Mismatch.ALTERED, 5);
    }

    @Test
    void aChangedEventIdentifierIsAltered() {
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = IndependentChain.seal(rows);
        StoredEvent renamed = event(5, UUID.randomUUID().toString());
        assertBroken(verify(replace(rows, 5, renamed), seals), 5, Mismatch.ALTERED, 4);
    }

    @Test
    void theFirstOfTwoAlterationsIsReported() {
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> tampered = replace(rows, 8, withPayload(at(rows, 8), "{}".getBytes()));
        tampered = replace(tampered, 3, withPayload(at(rows, 3), "{}".getBytes()));
        assertBroken(verify(tampered, seals), 3, Mismatch.ALTERED, 2);
    }

    @Test
    void aRewrittenSealWithoutCheckpointIsStillCaughtAtTheNextSeal() {
        // Only the seal of the altered event is rewritten: the next one no longer follows from it.
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = new ArrayList<>(IndependentChain.seal(rows));
        List<StoredEvent> tampered = replace(rows, 4, withPayload(at(rows, 4), "{\"x\":1}".getBytes()));
        seals.set(3, new Seal(4, at(rows, 4).eventIdentifier(),
                IndependentChain.chain(seals.get(2).hash(), at(tampered, 4))));
        assertBroken(verify(tampered, seals), 5, Mismatch.ALTERED, 4);
    }

    // ------------------------------------------------------------------ missing, reordered, inserted

    @Test
    void aDeletedRowIsMissingAtItsIndex() {
        List<StoredEvent> rows = events(range(1, 20));
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> deleted = new ArrayList<>(rows);
        deleted.removeIf(e -> e.globalIndex() == 11);
        assertBroken(verify(deleted, seals), 11, Mismatch.MISSING, 10);
    }

    @Test
    void aDeletedFirstOrLastRowIsMissing() {
        List<StoredEvent> rows = events(range(1, 20));
        List<Seal> seals = IndependentChain.seal(rows);
        assertBroken(verify(rows.subList(1, 20), seals), 1, Mismatch.MISSING, 0);
        assertBroken(verify(rows.subList(0, 19), seals), 20, Mismatch.MISSING, 19);
        assertBroken(verify(List.of(), seals), 1, Mismatch.MISSING, 0);
    }

    @Test
    void aDeletedRowNextToAGapIsMissing() {
        List<StoredEvent> rows = events(1, 2, 3, 7, 8, 9);
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> deleted = new ArrayList<>(rows);
        deleted.removeIf(e -> e.globalIndex() == 7);
        assertBroken(verify(deleted, seals), 7, Mismatch.MISSING, 3);
    }

    @Test
    void twoSwappedRowsAreReorderedAtTheLowerIndex() {
        List<StoredEvent> rows = events(range(1, 20));
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> swapped = replace(rows, 6, withIndex(at(rows, 15), 6));
        swapped = replace(swapped, 15, withIndex(at(rows, 6), 15));
        assertBroken(verify(swapped, seals), 6, Mismatch.REORDERED, 5);
    }

    @Test
    void neighboursSwappedAreReordered() {
        List<StoredEvent> rows = events(range(1, 20));
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> swapped = replace(rows, 9, withIndex(at(rows, 10), 9));
        swapped = replace(swapped, 10, withIndex(at(rows, 9), 10));
        assertBroken(verify(swapped, seals), 9, Mismatch.REORDERED, 8);
    }

    @Test
    void aRowMovedIntoAGapIsReportedAtTheLowerPosition() {
        // 8 moved to 4 (a gap): a row stands where nothing was sealed.
        List<StoredEvent> rows = events(1, 2, 3, 5, 6, 7, 8, 9);
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> moved = new ArrayList<>(rows);
        moved.removeIf(e -> e.globalIndex() == 8);
        moved.add(withIndex(at(rows, 8), 4));
        ChainReport report = verify(moved, seals);
        assertThat(report.intact()).isFalse();
        assertThat(report.firstMismatch()).isEqualTo(4);
        assertThat(report.kind()).isEqualTo(Mismatch.INSERTED);
    }

    @Test
    void anExtraRowWhereNothingWasSealedIsInserted() {
        List<StoredEvent> rows = events(1, 2, 3, 5, 6, 7);
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> inserted = new ArrayList<>(rows);
        inserted.add(event(4, UUID.randomUUID().toString()));
        assertBroken(verify(inserted, seals), 4, Mismatch.INSERTED, 3);
    }

    @Test
    void anExtraRowBeforeTheFirstSealIsInserted() {
        List<StoredEvent> rows = events(3, 4, 5);
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> inserted = new ArrayList<>(rows);
        inserted.add(event(1, "forged"));
        assertBroken(verify(inserted, seals), 1, Mismatch.INSERTED, 0);
    }

    // ------------------------------------------------------------------ checkpoints

    @Test
    void sealsRewrittenConsistentlyAreCaughtByTheSignedCheckpoint() {
        List<StoredEvent> rows = events(range(1, 30));
        List<Seal> honest = IndependentChain.seal(rows);
        Map<Long, byte[]> checkpoints = new HashMap<>();
        checkpoints.put(5L, honest.get(4).hash());
        checkpoints.put(20L, honest.get(19).hash());

        // The superuser alters 12 and recomputes every seal from there on.
        List<StoredEvent> tampered = replace(rows, 12, withPayload(at(rows, 12), "{\"username\":\"mallory\"}".getBytes()));
        List<Seal> forged = IndependentChain.seal(tampered);
        assertThat(forged.subList(0, 11)).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(honest.subList(0, 11));

        // Without checkpoints the forgery is consistent...
        assertIntact(verify(tampered, forged), 30);
        // ...but the checkpoint at 20 disagrees; the one at 5 (before the alteration) agrees.
        assertBroken(verify(1, ALL, tampered, forged, new byte[32], checkpoints), 20, Mismatch.CHECKPOINT, 19);
    }

    @Test
    void aForgeryAfterTheLastCheckpointIsNotDetectable() {
        // Documents the limit of checkpoints: they vouch for the chain up to their position only.
        List<StoredEvent> rows = events(range(1, 30));
        List<Seal> honest = IndependentChain.seal(rows);
        List<StoredEvent> tampered = replace(rows, 25, withPayload(at(rows, 25), "{}".getBytes()));
        List<Seal> forged = IndependentChain.seal(tampered);
        assertIntact(verify(1, ALL, tampered, forged, new byte[32], Map.of(20L, honest.get(19).hash())), 30);
    }

    @Test
    void aCheckpointAtAGapPositionIsNotConsulted() {
        List<StoredEvent> rows = events(1, 2, 3, 5, 6);
        List<Seal> seals = IndependentChain.seal(rows);
        assertIntact(verify(1, ALL, rows, seals, new byte[32], Map.of(4L, new byte[32])), 5);
    }

    @Test
    void aByteAlterationUnderACheckpointIsReportedAsAlteredNotCheckpoint() {
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = IndependentChain.seal(rows);
        Map<Long, byte[]> checkpoints = Map.of(6L, seals.get(5).hash());
        List<StoredEvent> tampered = replace(rows, 6, withPayload(at(rows, 6), "{}".getBytes()));
        assertBroken(verify(1, ALL, tampered, seals, new byte[32], checkpoints), 6, Mismatch.ALTERED, 5);
    }

    // ------------------------------------------------------------------ a larger random store

    @Property(tries = 50)
    void randomTamperingIsAlwaysFoundAtTheRightPlace(@ForAll @IntRange(min = 2, max = 300) int size,
                                                     @ForAll @IntRange(min = 0, max = 10_000) int pick,
                                                     @ForAll @IntRange(min = 0, max = 3) int how) {
        // Every third index is a gap.
        List<Long> indexes = new ArrayList<>();
        for (long i = 1; indexes.size() < size; i++) {
            if (i % 3 != 0) {
                indexes.add(i);
            }
        }
        List<StoredEvent> rows = events(indexes.stream().mapToLong(Long::longValue).toArray());
        List<Seal> seals = IndependentChain.seal(rows);
        assertIntact(verify(rows, seals), size);
        int victim = pick % (size - 1);
        long at = indexes.get(victim);
        Set<Long> before = Set.copyOf(indexes.subList(0, victim));
        switch (how) {
            case 0 -> assertBroken(verify(replace(rows, at, withPayload(at(rows, at),
                    oneByteChanged(at(rows, at).payload(), pick % 5))), seals), at, Mismatch.ALTERED, before.size());
            case 1 -> {
                List<StoredEvent> deleted = new ArrayList<>(rows);
                deleted.removeIf(e -> e.globalIndex() == at);
                assertBroken(verify(deleted, seals), at, Mismatch.MISSING, before.size());
            }
            case 2 -> {
                long other = indexes.get(victim + 1);
                List<StoredEvent> swapped = replace(rows, at, withIndex(at(rows, other), at));
                swapped = replace(swapped, other, withIndex(at(rows, at), other));
                assertBroken(verify(swapped, seals), at, Mismatch.REORDERED, before.size());
            }
            default -> {
                long gap = at + 1 == indexes.get(victim + 1) ? at + 2 : at + 1;
                if (gap % 3 == 0 && gap < indexes.get(size - 1)) {
                    List<StoredEvent> inserted = new ArrayList<>(rows);
                    inserted.add(event(gap, "forged-" + gap));
                    ChainReport report = verify(inserted, seals);
                    assertThat(report.kind()).as("%s", report).isEqualTo(Mismatch.INSERTED);
                    assertThat(report.firstMismatch()).isEqualTo(gap);
                }
            }
        }
    }

    private static ChainReport verifyWithGaps(List<StoredEvent> rows, List<Seal> seals, Set<Long> gaps) {
        return ChainVerifier.verify(1, ALL, rows.iterator(), seals.iterator(), new byte[32], Map.of(), id -> false,
                gaps::contains);
    }

    @Test
    void an_event_removed_with_its_seal_leaves_an_index_that_is_neither_sealed_nor_a_recorded_gap() {
        List<StoredEvent> rows = events(range(1, 10));
        List<Seal> seals = IndependentChain.seal(rows);
        List<StoredEvent> tamperedRows = rows.stream().filter(e -> e.globalIndex() != 5).toList();
        List<Seal> tamperedSeals = seals.stream().filter(x -> x.globalIndex() != 5).toList();
        ChainReport report = verifyWithGaps(tamperedRows, tamperedSeals, Set.of());
        assertThat(report.intact()).isFalse();
        assertThat(report.kind()).isEqualTo(Mismatch.MISSING_INDEX);
        assertThat(report.firstMismatch()).isEqualTo(5);
        assertThat(report.eventsChecked()).isEqualTo(4);
        assertThat(report.detail()).contains("global index 5 is");
        // Without the gap check the chain still breaks, one index later and less precisely.
        ChainReport unchecked = ChainVerifier.verify(1, ALL, tamperedRows.iterator(), tamperedSeals.iterator(),
                new byte[32], Map.of(), id -> false, null);
        assertThat(unchecked.kind()).isEqualTo(Mismatch.ALTERED);
        assertThat(unchecked.firstMismatch()).isEqualTo(6);
    }

    @Test
    void recorded_gaps_pass_and_an_unrecorded_run_is_named_from_its_first_index() {
        List<StoredEvent> rows = events(1, 2, 6, 7);
        List<Seal> seals = IndependentChain.seal(rows);
        assertIntact(verifyWithGaps(rows, seals, Set.of(3L, 4L, 5L)), 4);
        ChainReport partly = verifyWithGaps(rows, seals, Set.of(3L));
        assertThat(partly.kind()).isEqualTo(Mismatch.MISSING_INDEX);
        assertThat(partly.firstMismatch()).isEqualTo(4);
        assertThat(partly.detail()).contains("global indexes 4–5 are");
        ChainReport none = verifyWithGaps(events(2, 3), IndependentChain.seal(events(2, 3)), Set.of());
        assertThat(none.firstMismatch()).as("index 1 is below the first seal").isEqualTo(1);
    }
}
