package cn.unioncard.registry.events.batch;

/**
 * Everything that can happen to a batch (上报批次), listed in one place. Per-member reasons travel
 * in {@link BatchMemberReturned}, one event per member, so they are sealed under that member's key
 * and erased with it.
 */
public sealed interface BatchEvent permits BatchSubmitted, BatchApproved, BatchPartlyApproved, BatchRejected,
        BatchMemberReturned, BatchHandedToBank, BatchMemberErased {

    /** The batch the event is about (its aggregate id). */
    String batchId();
}
