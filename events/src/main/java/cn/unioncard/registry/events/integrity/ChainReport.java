package cn.unioncard.registry.events.integrity;

/**
 * The outcome of recomputing the chain over a range: intact, or the first position where the
 * stored events stop matching what was sealed, and how.
 */
public record ChainReport(boolean intact, long from, long to, long eventsChecked, Long firstMismatch,
                          Mismatch kind, String detail) {

    public enum Mismatch {
        /** The event at this position is there but its stored bytes differ from what was sealed. */
        ALTERED,
        /** A sealed event is no longer stored. */
        MISSING,
        /** Another sealed event now stands at this position. */
        REORDERED,
        /** A row stands where no event was ever sealed. */
        INSERTED,
        /** A global index below the last seal that is neither a sealed event nor a recorded gap (event and seal removed). */
        MISSING_INDEX,
        /** The recomputed chain disagrees with a signed checkpoint (the seals themselves were rewritten). */
        CHECKPOINT
    }

    static ChainReport intact(long from, long to, long checked) {
        return new ChainReport(true, from, to, checked, null, null, null);
    }

    static ChainReport broken(long from, long to, long checked, long at, Mismatch kind, String detail) {
        return new ChainReport(false, from, to, checked, at, kind, detail);
    }
}
