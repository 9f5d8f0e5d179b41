package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.imports.ImportRowsProcessed;
import cn.unioncard.registry.events.imports.ImportedRow;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Indexes which other aggregates concern a member (cards, batches, bank returns' runs, import jobs),
 * so that the member's access report reads their events without scanning the store. Ids only; rows
 * are inserted once, so a redelivered or replayed event changes nothing.
 */
@Component
@ProcessingGroup(MemberConcernProjection.GROUP)
class MemberConcernProjection {

    static final String GROUP = "member-concerns";
    /** The event types whose handling the report waits for (read-your-writes). */
    static final List<Class<?>> INDEXED = List.of(BatchSubmitted.class, BatchMemberReturned.class,
            BatchMemberErased.class, CardIssued.class, CardIssuanceRecorded.class, ImportRowsProcessed.class);

    private final JdbcTemplate jdbc;

    /** Streams: 1 thread over 2 segments, 200 events per batch. */
    @Bean
    static ProcessorSettings memberConcernsProcessor() {
        return ProcessorSettings.pooled(GROUP, 1, 2, 200).projecting("member_concern");
    }

    MemberConcernProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(BatchSubmitted event) {
        insert(event.batchId(), event.members().stream().map(BatchMember::memberId).toList());
    }

    @EventHandler
    void on(BatchMemberReturned event) {
        insert(event.batchId(), List.of(event.memberId()));
    }

    @EventHandler
    void on(BatchMemberErased event) {
        insert(event.batchId(), List.of(event.memberId()));
    }

    /** A card is issued to one member and stays theirs: its first event names the holder. */
    @EventHandler
    void on(CardIssued event) {
        insert(event.cardId(), List.of(event.memberId()));
    }

    @EventHandler
    void on(CardIssuanceRecorded event) {
        insert(event.runId(), event.rows().stream().map(IssuanceResult::memberId).filter(Objects::nonNull).toList());
    }

    @EventHandler
    void on(ImportRowsProcessed event) {
        insert(event.jobId(), event.rows().stream().map(ImportedRow::entityId).filter(Objects::nonNull).toList());
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from member_concern");
    }

    private void insert(String aggregateId, Collection<String> memberIds) {
        List<Object[]> rows = memberIds.stream().distinct().map(m -> new Object[]{m, aggregateId}).toList();
        jdbc.batchUpdate("insert into member_concern (member_id, aggregate_id) values (?, ?) on conflict do nothing",
                rows);
    }
}
