package cn.unioncard.registry.events.union;

import java.util.List;

/** A union's profile was replaced by a corrected one. */
public record UnionProfileUpdated(String unionId, UnionProfile profile, List<CreditCodeOverride> overrides) {
}
