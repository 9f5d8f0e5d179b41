package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.query.union.AggregatePaths;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The members of a successful read that lie outside a union-scoped reader's subtree (their current union):
 * should never be any, so each is a scope bug to look into. City-wide readers have no outside.
 */
@Component
class ScopeCanary {

    private final ViewerScope scope;
    private final List<AggregatePaths> paths;

    ScopeCanary(ViewerScope scope, List<AggregatePaths> paths) {
        this.scope = scope;
        this.paths = paths;
    }

    List<String> outsideScope(Actor reader, List<String> memberIds) {
        if (reader.seesEverything()) {
            return List.of();
        }
        // A member no capability places (erased, or not yet projected) is not counted against the reader.
        return memberIds.stream().filter(id -> pathOf(id).filter(p -> !scope.sees(reader, p)).isPresent()).toList();
    }

    private Optional<String> pathOf(String aggregateId) {
        return paths.stream().map(p -> p.pathOf(aggregateId)).flatMap(Optional::stream).findFirst();
    }
}
