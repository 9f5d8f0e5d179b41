package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/** A union's profile was replaced by a corrected one. */
@NotPersonal("a union and its office holders, named in their office, not as members")
public record UnionProfileUpdated(String unionId, UnionProfile profile, List<CreditCodeOverride> overrides)
        implements UnionEvent {
}
