package cn.unioncard.registry.events.union;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Replace a union's profile; {@code expectedVersion} comes from the client's {@code If-Match}. */
public record UpdateUnionProfile(@TargetAggregateIdentifier String unionId,
                                 @TargetAggregateVersion Long expectedVersion,
                                 UnionForm form) implements UnionCommand {
}
