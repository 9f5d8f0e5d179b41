package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Batches as reviewers and unions list them, and each batch's members. Subscribing (declared below),
 * like the member directory: a clerk who has just submitted a batch sees it at once, and the submit
 * and its rows commit together.
 */
@Component
@ProcessingGroup(BatchProjection.GROUP)
class BatchProjection {

    static final String GROUP = "batches";

    private final BatchRows rows;

    /** Subscribing: read-your-writes without waiting, and a failure here fails the command. */
    @Bean
    static ProcessorSettings batchesProcessor() {
        return ProcessorSettings.subscribing(GROUP).projecting("batch_view", "batch_member_view");
    }

    BatchProjection(BatchRows rows) {
        this.rows = rows;
    }

    /** The header, then all members in one statement (5,000 of them are one round trip, not 5,000). */
    @EventHandler
    void on(BatchSubmitted event, @SequenceNumber long version, @Timestamp Instant at) {
        rows.insert(event, version, at);
    }

    @EventHandler
    void on(BatchApproved event, MetaData metaData, @SequenceNumber long version, @Timestamp Instant at) {
        rows.reviewed(event.batchId(), BatchStatus.APPROVED, event.approved(), event.reviewerUnionId(), null,
                reviewer(metaData), version, at);
        rows.members(event.batchId(), List.of(), "APPROVED");
    }

    /** The excluded members go back now; each one's reason follows in its own {@link BatchMemberReturned}. */
    @EventHandler
    void on(BatchPartlyApproved event, MetaData metaData, @SequenceNumber long version, @Timestamp Instant at) {
        rows.reviewed(event.batchId(), BatchStatus.PARTLY_APPROVED, event.approved(), event.reviewerUnionId(), null,
                reviewer(metaData), version, at);
        rows.members(event.batchId(), event.excludedMemberIds(), "APPROVED");
    }

    @EventHandler
    void on(BatchRejected event, MetaData metaData, @SequenceNumber long version, @Timestamp Instant at) {
        rows.reviewed(event.batchId(), BatchStatus.REJECTED, 0, event.reviewerUnionId(), event.reason(),
                reviewer(metaData), version, at);
        rows.members(event.batchId(), List.of(), "RETURNED");
    }

    @EventHandler
    void on(BatchMemberReturned event, @SequenceNumber long version, @Timestamp Instant at) {
        rows.returned(event.batchId(), event.memberId(), event.reason(), version, at);
    }

    @EventHandler
    void on(BatchHandedToBank event, @SequenceNumber long version, @Timestamp Instant at) {
        rows.handedOver(event, version, at);
    }

    /** The member leaves the batch's list; a hand-over already made is counted as a warning on the batch. */
    @EventHandler
    void on(BatchMemberErased event, @SequenceNumber long version, @Timestamp Instant at) {
        rows.erased(event.batchId(), event.memberId(), event.afterHandover(), version, at);
    }

    /** A reviewer's reason is about the member: no batch keeps it once the member's data is erased. */
    @EventHandler
    void on(PersonalDataErased event) {
        rows.forget(event.memberId());
    }

    private static String reviewer(MetaData metaData) {
        var actor = AuditMetadata.from(metaData);
        return actor == null ? null : actor.username();
    }
}
