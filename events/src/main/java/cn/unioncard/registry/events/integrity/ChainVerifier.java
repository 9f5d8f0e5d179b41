package cn.unioncard.registry.events.integrity;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * Recomputes the chain from the stored events alone and compares it with the seals and the signed
 * checkpoints, stopping at the first mismatch. The same code runs in the registry and in the
 * offline verifier, so an auditor can check the registry without trusting it.
 */
public final class ChainVerifier {

    private ChainVerifier() {
    }

    /**
     * @param events      stored events in ascending global order, from {@code from} on
     * @param seals       seals in ascending order over the same range
     * @param startHash   the chain hash just before {@code from} (the genesis hash when from ≤ 1)
     * @param checkpoints signed checkpoint hashes by position (already signature-checked)
     * @param isSealedElsewhere whether an event identifier is sealed at some other position
     */
    public static ChainReport verify(long from, long to, Iterator<StoredEvent> events, Iterator<Seal> seals,
                                     byte[] startHash, Map<Long, byte[]> checkpoints,
                                     Predicate<String> isSealedElsewhere) {
        return verify(from, to, events, seals, startHash, checkpoints, isSealedElsewhere, null);
    }

    /**
     * As above, and every global index from {@code from} to the last seal must be a sealed event or a
     * recorded gap ({@code recordedGap}; null: not checked, for sources that do not list gaps): an
     * event removed together with its seal leaves an index that is neither.
     */
    public static ChainReport verify(long from, long to, Iterator<StoredEvent> events, Iterator<Seal> seals,
                                     byte[] startHash, Map<Long, byte[]> checkpoints,
                                     Predicate<String> isSealedElsewhere, LongPredicate recordedGap) {
        byte[] previous = startHash;
        long expected = Math.max(from, 1);
        long checked = 0;
        StoredEvent event = next(events);
        while (seals.hasNext()) {
            Seal seal = seals.next();
            if (seal.globalIndex() > to) {
                break;
            }
            if (event != null && event.globalIndex() < seal.globalIndex()) {
                return ChainReport.broken(from, to, checked, event.globalIndex(), ChainReport.Mismatch.INSERTED,
                        "a stored event stands where nothing was sealed");
            }
            ChainReport hole = recordedGap == null ? null : hole(from, to, checked, expected, seal.globalIndex(),
                    recordedGap);
            if (hole != null) {
                return hole;
            }
            expected = seal.globalIndex() + 1;
            if (event == null || event.globalIndex() > seal.globalIndex()) {
                return ChainReport.broken(from, to, checked, seal.globalIndex(), ChainReport.Mismatch.MISSING,
                        "the sealed event " + seal.eventIdentifier() + " is no longer stored");
            }
            if (!event.eventIdentifier().equals(seal.eventIdentifier())) {
                boolean moved = isSealedElsewhere.test(event.eventIdentifier());
                return ChainReport.broken(from, to, checked, seal.globalIndex(),
                        moved ? ChainReport.Mismatch.REORDERED : ChainReport.Mismatch.ALTERED,
                        moved ? "event " + event.eventIdentifier() + " was sealed at another position"
                                : "the event identifier was changed");
            }
            byte[] hash = event.chain(previous);
            if (!Arrays.equals(hash, seal.hash())) {
                return ChainReport.broken(from, to, checked, seal.globalIndex(), ChainReport.Mismatch.ALTERED,
                        "the stored bytes differ from what was sealed");
            }
            byte[] signed = checkpoints.get(seal.globalIndex());
            if (signed != null && !Arrays.equals(hash, signed)) {
                return ChainReport.broken(from, to, checked, seal.globalIndex(), ChainReport.Mismatch.CHECKPOINT,
                        "the chain differs from the signed checkpoint at this position");
            }
            previous = hash;
            checked++;
            event = next(events);
        }
        return ChainReport.intact(from, to, checked);
    }

    /** The first index in {@code [expected, sealed)} that is no recorded gap, with the run of such indexes after it. */
    private static ChainReport hole(long from, long to, long checked, long expected, long sealed,
                                    LongPredicate recordedGap) {
        for (long i = expected; i < sealed; i++) {
            if (!recordedGap.test(i)) {
                long last = i;
                while (last + 1 < sealed && !recordedGap.test(last + 1)) {
                    last++;
                }
                return ChainReport.broken(from, to, checked, i, ChainReport.Mismatch.MISSING_INDEX, (last == i
                        ? "global index " + i + " is" : "global indexes " + i + "–" + last + " are")
                        + " neither a sealed event nor a recorded gap");
            }
        }
        return null;
    }

    private static StoredEvent next(Iterator<StoredEvent> events) {
        return events.hasNext() ? events.next() : null;
    }
}
