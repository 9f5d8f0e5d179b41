package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssuanceRecorded;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardNumberChanged;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Members' cards, their history and the bank returns' runs. Subscribing (declared below), like batches:
 * a clerk who has just recorded a hand-out prints the next sheet at once, and a card's rows commit with its
 * events. Holds masked numbers only; the full ones stay sealed in the event store.
 */
@Component
@ProcessingGroup(CardProjection.GROUP)
class CardProjection {

    static final String GROUP = "cards";

    private final CardRows rows;

    /** Subscribing: read-your-writes without waiting, and a failure here fails the command. */
    @Bean
    static ProcessorSettings cardsProcessor() {
        return ProcessorSettings.subscribing(GROUP).projecting("card_view", "card_change_view",
                "card_issuance_run_view", "card_issuance_row_view");
    }

    CardProjection(CardRows rows) {
        this.rows = rows;
    }

    @EventHandler
    void on(CardIssued e, MetaData metaData, @Timestamp Instant at) {
        rows.issued(e, by(metaData), at);
    }

    @EventHandler
    void on(QualificationDeclined e, MetaData metaData, @Timestamp Instant at) {
        rows.declined(e, by(metaData), at);
    }

    @EventHandler
    void on(CardHandedOut e, @Timestamp Instant at) {
        rows.handedOut(e, at);
    }

    @EventHandler
    void on(CardActivated e, @Timestamp Instant at) {
        rows.activated(e, at);
    }

    @EventHandler
    void on(CardNumberChanged e, @Timestamp Instant at) {
        rows.numberChanged(e, at);
    }

    @EventHandler
    void on(CardCancelled e, @Timestamp Instant at) {
        rows.cancelled(e, at);
    }

    @EventHandler
    void on(InsuranceCoverEnded e, MetaData metaData, @Timestamp Instant at) {
        rows.coverEnded(e, by(metaData), at);
    }

    @EventHandler
    void on(CardIssuanceRecorded e, MetaData metaData, @Timestamp Instant at) {
        rows.run(e, by(metaData), at);
    }

    /** The cards follow their holder into the new union, so scope checks by card see the member's place. */
    @EventHandler
    void on(MemberTransferred e) {
        rows.moved(e.memberId(), e.toUnionId());
    }

    /** Even a masked number is the holder's: after an erasure every card of theirs reads 已删除. */
    @EventHandler
    void on(PersonalDataErased e) {
        rows.erased(e.memberId());
    }

    private static String by(MetaData metaData) {
        var actor = AuditMetadata.from(metaData);
        return actor == null ? null : actor.username();
    }
}
