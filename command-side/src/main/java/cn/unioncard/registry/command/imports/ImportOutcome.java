package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportCompleted;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A completed import job as its own events tell it: every row's outcome and who uploaded it. For a
 * follow-up that must catch up after a restart on a job that completed before it could run.
 */
public record ImportOutcome(Map<Integer, ImportedRow> rows, Actor actor) {

    /** The job's outcome once it is DONE; empty while it runs, when it failed, or when there is no such job. */
    public static Optional<ImportOutcome> ifCompleted(EventStore events, String jobId) {
        Actor actor = null;
        boolean completed = false;
        Map<Integer, ImportedRow> rows = new TreeMap<>();
        for (Iterator<? extends DomainEventMessage<?>> it = events.readEvents(jobId); it.hasNext(); ) {
            DomainEventMessage<?> event = it.next();
            if (event.getPayload() instanceof ImportStarted) {
                actor = AuditMetadata.from(event.getMetaData());
            } else if (event.getPayload() instanceof ImportRowsProcessed p) {
                p.rows().forEach(r -> rows.put(r.row(), r));
            } else if (event.getPayload() instanceof ImportCompleted) {
                completed = true;
            }
        }
        return completed && actor != null ? Optional.of(new ImportOutcome(Map.copyOf(rows), actor)) : Optional.empty();
    }
}
