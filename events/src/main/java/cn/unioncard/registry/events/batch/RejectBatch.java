package cn.unioncard.registry.events.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * A reviewer sends the whole batch back with a {@code reason} about the batch, and optionally
 * reasons for particular members (member id → reason).
 */
public record RejectBatch(@TargetAggregateIdentifier String batchId, String reason, Map<String, String> members)
        implements BatchCommand {
}
