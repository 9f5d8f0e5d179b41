package cn.unioncard.registry.query.union;

import java.util.Optional;

/**
 * Where the aggregates of one capability sit in the union tree, answered by the package that owns
 * their projection: an aggregate is in a viewer's scope when its path is (see {@link ViewerScope}).
 * A capability's Spring Data repository may answer it itself, with one {@code @Query} method.
 */
public interface AggregatePaths {

    /** The union path of the aggregate with this id; empty when this capability has no such aggregate. */
    Optional<String> pathOf(String aggregateId);
}
