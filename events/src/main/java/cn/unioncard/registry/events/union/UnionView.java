package cn.unioncard.registry.events.union;

import java.time.Instant;

/** A union as the query side shows it; {@code version} is the aggregate version for {@code If-Match}. */
public record UnionView(String id, String parentId, UnionLevel level, String systemCode, String name,
                        UnionProfile profile, long version, Instant registeredAt, Instant updatedAt) {
}
