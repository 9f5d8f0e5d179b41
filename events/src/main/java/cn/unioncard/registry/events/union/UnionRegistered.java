package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/** A union joined the tree. {@code overrides} lists credit codes accepted despite a failing check. */
@NotPersonal("a union and its office holders, named in their office, not as members")
public record UnionRegistered(String unionId, String parentId, UnionLevel level, UnionProfile profile,
                              List<CreditCodeOverride> overrides) implements UnionEvent {
}
