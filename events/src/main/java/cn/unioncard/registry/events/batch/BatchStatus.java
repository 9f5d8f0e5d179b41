package cn.unioncard.registry.events.batch;

/** Where a batch stands. Only an approved (or partly approved) batch has a card application list. */
public enum BatchStatus {
    SUBMITTED,
    APPROVED,
    PARTLY_APPROVED,
    REJECTED,
    HANDED_TO_BANK;

    /** Waiting for review: its members cannot be submitted elsewhere, its member versions must stay. */
    public boolean open() {
        return this == SUBMITTED;
    }

    /** Approved (wholly or partly), before or after the hand-over: the list can be printed. */
    public boolean approved() {
        return this == APPROVED || this == PARTLY_APPROVED || this == HANDED_TO_BANK;
    }
}
