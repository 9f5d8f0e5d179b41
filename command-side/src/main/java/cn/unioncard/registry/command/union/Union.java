package cn.unioncard.registry.command.union;

import cn.unioncard.registry.events.union.UnionFormValidator;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A union in the tree. Commands reach it through {@link UnionCommandHandler}, which checks scope
 * and allocates the system code first; here only the union's own rules are guarded.
 */
@Aggregate
class Union {

    @AggregateIdentifier
    private String unionId;
    private String parentId;
    private UnionLevel level;

    Union() {
        // for Axon's event sourcing
    }

    Union(String unionId, String parentId, UnionLevel level, UnionFormValidator.Checked checked, String systemCode) {
        apply(new UnionRegistered(unionId, parentId, level, checked.profile(), checked.overrides()));
        apply(new UnionSystemCodeAssigned(unionId, systemCode));
    }

    void updateProfile(UnionFormValidator.Checked checked) {
        apply(new UnionProfileUpdated(unionId, checked.profile(), checked.overrides()));
    }

    UnionLevel level() {
        return level;
    }

    String parentId() {
        return parentId;
    }

    @EventSourcingHandler
    void on(UnionRegistered event) {
        unionId = event.unionId();
        parentId = event.parentId();
        level = event.level();
    }
}
