package cn.unioncard.registry.events.union;

import java.util.List;

/** A union joined the tree. {@code overrides} lists credit codes accepted despite a failing check. */
public record UnionRegistered(String unionId, String parentId, UnionLevel level, UnionProfile profile,
                              List<CreditCodeOverride> overrides) {
}
