package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.validation.Paging;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** Reading unions within the viewer's subtree; outside it a union simply does not exist. */
@RestController
@RequestMapping("/api/unions")
class UnionReadController {

    /** A union as this side shows it; {@code version} is the aggregate version for {@code If-Match}. */
    record UnionView(String id, String parentId, UnionLevel level, String systemCode, String name,
                     UnionProfile profile, long version, Instant registeredAt, Instant updatedAt) {
    }

    record UnionPage(List<UnionView> items, int page, int size, long total) {
    }

    static final int MAX_PAGE_SIZE = 200;

    private final UnionEntries entries;
    private final ViewerScope scopes;

    UnionReadController(UnionEntries entries, ViewerScope scopes) {
        this.entries = entries;
        this.scopes = scopes;
    }

    @GetMapping("/{id}")
    @Transactional(readOnly = true)
    ResponseEntity<UnionView> get(@PathVariable String id, Actor actor) {
        String scope = scopes.pathOf(actor);
        UnionView union = entries.findById(id)
                .filter(e -> scope != null && e.path.startsWith(scope))
                .map(UnionReadController::view)
                .orElseThrow(() -> RegistryProblem.notFound("union"));
        return ResponseEntity.ok().eTag("\"" + union.version() + "\"").body(union);
    }

    /** A page of unions in the viewer's scope, optionally under one parent, of one level, or matching {@code q}. */
    @GetMapping
    @Transactional(readOnly = true)
    UnionPage list(@RequestParam(required = false) String parentId,
                   @RequestParam(required = false) UnionLevel level,
                   @RequestParam(required = false) String q,
                   @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "20") int size,
                   Actor actor) {
        Paging.check(page, size, MAX_PAGE_SIZE);
        String scope = scopes.pathOf(actor);
        if (scope == null) {
            return new UnionPage(List.of(), page, size, 0);
        }
        Page<UnionEntry> found = entries.findAll(UnionEntries.search(scope, parentId, level, q),
                PageRequest.of(page, size, Sort.by("systemCode")));
        return new UnionPage(found.map(UnionReadController::view).getContent(), page, size,
                found.getTotalElements());
    }

    private static UnionView view(UnionEntry e) {
        return new UnionView(e.id, e.parentId, e.level, e.systemCode, e.name, e.profile, e.version,
                e.registeredAt, e.updatedAt);
    }
}
