package cn.unioncard.registry.events.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/**
 * A grassroots union reports (上报) members for review: the ones named, or with {@code allPending}
 * every active, authorised member of the union not yet in an open or approved batch.
 * {@code replaces} names a rejected (or partly approved) batch this one resubmits.
 */
public record SubmitBatch(@TargetAggregateIdentifier String batchId, String unionId, List<String> memberIds,
                          boolean allPending, String replaces) implements BatchCommand {

    /** The most members one batch may hold: the bank's list stays printable and one review stays one sitting. */
    public static final int MAX_MEMBERS = 5_000;
}
