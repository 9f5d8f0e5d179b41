package cn.unioncard.registry.events.union;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Register a district/industry union under the city, or a grassroots union under a district. */
public record RegisterUnion(@TargetAggregateIdentifier String unionId, UnionForm form) implements UnionCommand {
}
