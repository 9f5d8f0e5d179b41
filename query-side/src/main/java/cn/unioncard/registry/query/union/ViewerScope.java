package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.account.Actor;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The part of the union tree a viewer may read, as a path prefix over the union directory
 * ({@code /root/…/}): everything for the city's admin, auditors and DPOs, else the subtree of
 * the viewer's own union. Outside it things simply do not exist.
 */
@Component
public class ViewerScope {

    private final UnionPaths unions;
    private final List<AggregatePaths> aggregates;

    ViewerScope(UnionPaths unions, List<AggregatePaths> aggregates) {
        this.unions = unions;
        this.aggregates = aggregates;
    }

    /** The viewer's path prefix, or null when the viewer's union is unknown (sees nothing). */
    public String pathOf(Actor viewer) {
        if (viewer.seesEverything()) {
            return "/";
        }
        return unions.pathOf(viewer.organisationId()).orElse(null);
    }

    public boolean sees(Actor viewer, String path) {
        String scope = pathOf(viewer);
        return scope != null && path != null && path.startsWith(scope);
    }

    /** Whether the id is an aggregate (a union, a member, an account, …) of the viewer's subtree. */
    public boolean seesAggregate(Actor viewer, String aggregateId) {
        return aggregates.stream().anyMatch(paths -> paths.pathOf(aggregateId).filter(p -> sees(viewer, p)).isPresent());
    }
}
