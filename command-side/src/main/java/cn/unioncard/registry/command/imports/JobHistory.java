package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportStarted;
import cn.unioncard.registry.events.imports.ImportedRow;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job's own events say: how it started and every row's outcome so far. The report is written
 * from them, so a job resumed after a restart reports the rows committed before it too.
 */
record JobHistory(ImportStarted started, Instant startedAt, Map<Integer, ImportedRow> rows) {

    int count(cn.unioncard.registry.events.imports.RowResult result) {
        return (int) rows.values().stream().filter(r -> r.result() == result).count();
    }

    static JobHistory read(EventStore events, String jobId) {
        ImportStarted started = null;
        Instant at = null;
        Map<Integer, ImportedRow> rows = new TreeMap<>();
        for (Iterator<? extends DomainEventMessage<?>> it = events.readEvents(jobId); it.hasNext(); ) {
            DomainEventMessage<?> event = it.next();
            if (event.getPayload() instanceof ImportStarted s) {
                started = s;
                at = event.getTimestamp();
            } else if (event.getPayload() instanceof ImportRowsProcessed p) {
                p.rows().forEach(r -> rows.put(r.row(), r));
            }
        }
        if (started == null) {
            throw new IllegalStateException("import job without its start event");
        }
        return new JobHistory(started, at, rows);
    }
}
