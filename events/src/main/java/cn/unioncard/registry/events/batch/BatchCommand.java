package cn.unioncard.registry.events.batch;

/** Everything one can ask of a batch, listed in one place (the events it may lead to: {@link BatchEvent}). */
public sealed interface BatchCommand permits SubmitBatch, ApproveBatch, RejectBatch, RecordBatchHandedToBank {

    /** The batch the command is for (its aggregate id). */
    String batchId();
}
