package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;

import java.time.Instant;

/** A union's profile as it stood, folded from its events as the union directory folds them. */
final class UnionAsOf {

    record State(String parentId, UnionLevel level, String systemCode, String name, UnionProfile profile,
                 Instant registeredAt, Instant updatedAt) {
    }

    private UnionAsOf() {
    }

    static State fold(AsOfEvents.Trail trail) {
        State s = new State(null, null, null, null, null, null, null);
        for (AsOfEvents.Past p : trail.events()) {
            if (p.payload() instanceof UnionRegistered e) {
                s = new State(e.parentId(), e.level(), s.systemCode(), e.profile().name(), e.profile(), p.at(), p.at());
            } else if (p.payload() instanceof UnionSystemCodeAssigned e) {
                s = new State(s.parentId(), s.level(), e.systemCode(), s.name(), s.profile(), s.registeredAt(), s.updatedAt());
            } else if (p.payload() instanceof UnionProfileUpdated e) {
                s = new State(s.parentId(), s.level(), s.systemCode(), e.profile().name(), e.profile(),
                        s.registeredAt(), p.at());
            }
        }
        return s;
    }
}
