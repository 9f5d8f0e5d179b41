package cn.unioncard.registry.command.union;

import cn.unioncard.registry.events.union.UnionFormValidator;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Map;

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
    private UnionProfile profile;

    Union() {
        // for Axon's event sourcing
    }

    Union(String unionId, String parentId, UnionLevel level, UnionFormValidator.Checked checked, String systemCode) {
        apply(new UnionRegistered(unionId, parentId, level, checked.profile(), checked.overrides()));
        apply(new UnionSystemCodeAssigned(unionId, systemCode));
    }

    /** A registration that says where it came from (an import's job and row) in its events' metadata. */
    Union(String unionId, String parentId, UnionFormValidator.Checked checked, String systemCode,
          Map<String, ?> provenance) {
        apply(new UnionRegistered(unionId, parentId, UnionLevel.GRASSROOTS, checked.profile(), checked.overrides()),
                MetaData.from(provenance));
        apply(new UnionSystemCodeAssigned(unionId, systemCode), MetaData.from(provenance));
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

    /** The profile as last registered or corrected (an import compares a new row with it). */
    UnionProfile profile() {
        return profile;
    }

    @EventSourcingHandler
    void on(UnionRegistered event) {
        unionId = event.unionId();
        parentId = event.parentId();
        level = event.level();
        profile = event.profile();
    }

    @EventSourcingHandler
    void on(UnionProfileUpdated event) {
        profile = event.profile();
    }
}
