package cn.unioncard.registry.query.union;

import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.events.union.UnionSystemCodeAssigned;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The union directory. Its processing group runs subscribing (in the command's own transaction,
 * declared below), so a client that has just registered a union reads it at once, and the
 * tree every scope check on this side uses is never behind.
 */
@Component
@ProcessingGroup(UnionProjection.GROUP)
class UnionProjection {

    static final String GROUP = "unions";

    private final UnionEntries entries;

    /** Subscribing: scope checks trust the directory, so a failure here fails the command. */
    @Bean
    static ProcessorSettings unionsProcessor() {
        return ProcessorSettings.subscribing(GROUP).projecting("union_view");
    }

    UnionProjection(UnionEntries entries) {
        this.entries = entries;
    }

    @EventHandler
    void on(UnionRegistered event, @SequenceNumber long version, @Timestamp Instant at) {
        UnionEntry e = new UnionEntry();
        e.inserted();
        e.id = event.unionId();
        e.parentId = event.parentId();
        e.level = event.level();
        e.name = event.profile().name();
        e.profile = event.profile();
        e.path = (event.parentId() == null ? "/" : entries.findById(event.parentId()).map(p -> p.path).orElse("/"))
                + event.unionId() + "/";
        e.version = version;
        e.registeredAt = at;
        e.updatedAt = at;
        entries.save(e);
    }

    @EventHandler
    void on(UnionSystemCodeAssigned event, @SequenceNumber long version) {
        entries.lockedById(event.unionId()).ifPresent(e -> {
            e.systemCode = event.systemCode();
            e.version = version;
        });
    }

    @EventHandler
    void on(UnionProfileUpdated event, @SequenceNumber long version, @Timestamp Instant at) {
        entries.lockedById(event.unionId()).ifPresent(e -> {
            e.profile = event.profile();
            e.name = event.profile().name();
            e.version = version;
            e.updatedAt = at;
        });
    }

    @ResetHandler
    void reset() {
        entries.deleteAllInBatch();
    }
}
