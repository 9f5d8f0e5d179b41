package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.audit.AccessDenied;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import static cn.unioncard.registry.query.projection.StorableText.of;

/**
 * Indexes every stored event by the account its metadata names, for "what did this account do". Only the
 * envelope is read (type, aggregate, sequence, position): payloads are never opened. Reads and denials
 * have their own indexes (member_access, access_denial) and are left out here.
 */
@Component
@ProcessingGroup(ActorActivityProjection.GROUP)
class ActorActivityProjection {

    static final String GROUP = "actor-activity";
    private static final String PENDING = ActorActivityProjection.class.getName() + ".pending";

    private final JdbcTemplate jdbc;

    /** Streams: 2 threads over 4 segments, 200 events per batch. */
    @Bean
    static ProcessorSettings actorActivityProcessor() {
        return ProcessorSettings.pooled(GROUP, 2, 4, 200).projecting("actor_activity");
    }

    ActorActivityProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EventMessage<?> event) {
        Class<?> type = event.getPayloadType();
        Object user = event.getMetaData().get(AuditMetadata.USER);
        if (user == null || type == PersonalDataAccessed.class || type == AccessDenied.class) {
            return;
        }
        // An event published outside an aggregate (an acknowledgement) is stored with no aggregate type.
        DomainEventMessage<?> domain = event instanceof DomainEventMessage<?> d && d.getType() != null ? d : null;
        Object[] row = {of(event.getIdentifier()), event.getIdentifier(), Timestamp.from(event.getTimestamp()),
                of(user.toString()), domain == null ? null : of(domain.getType()),
                domain == null ? null : of(domain.getAggregateIdentifier()),
                domain == null ? null : domain.getSequenceNumber(), type.getSimpleName()};
        if (!CurrentUnitOfWork.isStarted()) {
            write(List.<Object[]>of(row));
            return;
        }
        // Queued and written as one batch when the processor's (or a replay's) batch of events commits.
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Object[]> pending = unitOfWork.getOrComputeResource(PENDING, key -> {
            List<Object[]> rows = new ArrayList<Object[]>();
            unitOfWork.onPrepareCommit(u -> write(rows));
            return rows;
        });
        pending.add(row);
    }

    /** The event's own index is looked up: a late commit's tracking token carries the highest index seen. */
    private void write(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    insert into actor_activity (event_id, position, at, actor_user, aggregate_type, aggregate_id,
                        sequence, type) values (?, (select global_index from domain_event_entry where event_identifier = ?),
                        ?,?,?,?,?,?) on conflict do nothing""", rows);
        }
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from actor_activity");
    }
}
