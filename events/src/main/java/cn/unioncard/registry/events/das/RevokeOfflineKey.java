package cn.unioncard.registry.events.das;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Stop accepting files signed with this key (files already imported stay imported). */
public record RevokeOfflineKey(@TargetAggregateIdentifier String keyId, String unionId) implements OfflineKeyCommand {
}
