package cn.unioncard.registry.events.batch;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * A reviewer approves a batch; the members in {@code excluded} (member id → reason) go back to
 * the union for correction and the rest are approved.
 */
public record ApproveBatch(@TargetAggregateIdentifier String batchId, Map<String, String> excluded)
        implements BatchCommand {
}
