package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.audit.Actor;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.FindUnion;
import cn.unioncard.registry.events.union.ListUnions;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionPage;
import cn.unioncard.registry.events.union.UnionView;
import cn.unioncard.registry.events.validation.Paging;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Optional;

@RestController
@RequestMapping("/api/unions")
class UnionReadController {

    static final int MAX_PAGE_SIZE = 200;

    private final QueryGateway queries;

    UnionReadController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping("/{id}")
    ResponseEntity<UnionView> get(@PathVariable String id, Actor actor) {
        Optional<UnionView> view = queries.query(new FindUnion(id, actor),
                ResponseTypes.optionalInstanceOf(UnionView.class)).join();
        UnionView union = view.orElseThrow(() -> RegistryProblem.notFound("union"));
        return ResponseEntity.ok().eTag("\"" + union.version() + "\"").body(union);
    }

    @GetMapping
    UnionPage list(@RequestParam(required = false) String parentId,
                   @RequestParam(required = false) UnionLevel level,
                   @RequestParam(required = false) String q,
                   @RequestParam(defaultValue = "0") int page,
                   @RequestParam(defaultValue = "20") int size,
                   Actor actor) {
        Paging.check(page, size, MAX_PAGE_SIZE);
        return queries.query(new ListUnions(parentId, level, q, page, size, actor),
                ResponseTypes.instanceOf(UnionPage.class)).join();
    }
}
