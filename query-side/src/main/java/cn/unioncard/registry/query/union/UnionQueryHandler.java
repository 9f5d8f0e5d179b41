package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.union.FindUnion;
import cn.unioncard.registry.query.scope.ViewerScope;
import cn.unioncard.registry.events.union.ListUnions;
import cn.unioncard.registry.events.union.UnionPage;
import cn.unioncard.registry.events.union.UnionView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;

/** Answers union queries within the viewer's subtree; outside it a union simply does not exist. */
@Component
class UnionQueryHandler {

    private final UnionEntries entries;
    private final ViewerScope scopes;

    UnionQueryHandler(UnionEntries entries, ViewerScope scopes) {
        this.entries = entries;
        this.scopes = scopes;
    }

    @QueryHandler
    @Transactional(readOnly = true)
    Optional<UnionView> find(FindUnion query) {
        String scope = scopes.pathOf(query.viewer());
        return entries.findById(query.unionId())
                .filter(e -> scope != null && e.path.startsWith(scope))
                .map(UnionQueryHandler::view);
    }

    @QueryHandler
    @Transactional(readOnly = true)
    UnionPage list(ListUnions query) {
        String scope = scopes.pathOf(query.viewer());
        if (scope == null) {
            return new UnionPage(List.of(), query.page(), query.size(), 0);
        }
        Page<UnionEntry> page = entries.findAll(UnionEntries.search(scope, query.parentId(), query.level(), query.q()),
                PageRequest.of(query.page(), query.size(), Sort.by("systemCode")));
        return new UnionPage(page.map(UnionQueryHandler::view).getContent(), query.page(), query.size(),
                page.getTotalElements());
    }

    private static UnionView view(UnionEntry e) {
        return new UnionView(e.id, e.parentId, e.level, e.systemCode, e.name, e.profile, e.version,
                e.registeredAt, e.updatedAt);
    }
}
