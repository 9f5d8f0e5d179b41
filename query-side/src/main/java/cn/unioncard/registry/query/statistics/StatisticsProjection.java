package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.batch.BatchEvent;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.union.UnionProfileUpdated;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionRegistered;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * The live statistics: each member's facts and every union's counted cells. Subscribing, like the
 * member and batch directories it counts: the figures change in the transaction of the command that
 * changed them, so a clerk's read after a step shows it, and the statistics at any instant are those
 * of the events committed up to it (which is what the as-of answer recomputes).
 */
@Component
@ProcessingGroup(StatisticsProjection.GROUP)
class StatisticsProjection {

    static final String GROUP = "statistics";

    private final StatisticsRows rows;

    /** Subscribing: read-your-writes, and no figure ever runs ahead of or behind the directories. */
    @Bean
    static ProcessorSettings statisticsProcessor() {
        return ProcessorSettings.subscribing(GROUP)
                .projecting("statistics_union", "statistics_member", "statistics_count");
    }

    StatisticsProjection(StatisticsRows rows) {
        this.rows = rows;
    }

    @EventHandler
    void on(UnionRegistered event) {
        rows.union(event.unionId(), event.parentId(), event.level(), event.profile().name(),
                Changes.union(event.level(), event.profile()));
    }

    @EventHandler
    void on(UnionProfileUpdated event) {
        rows.profile(event.unionId(), event.profile().name(),
                Changes.union(UnionLevel.GRASSROOTS, event.profile()));
    }

    @EventHandler
    void on(MemberRegistered event) {
        MemberFacts f = new MemberFacts(event.memberId(), event.unionId());
        f.take(event.details(), null);
        rows.added(f);
    }

    // Member and card events change one member's facts (number changes and cover ends change none).

    @EventHandler
    void on(MemberInfoCorrected event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(MemberAuthorisationRecorded event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(MemberTransferred event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(MemberWithdrawn event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(PersonalDataErased event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(CardIssued event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(QualificationDeclined event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(CardHandedOut event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(CardActivated event) {
        one(event.memberId(), event);
    }

    @EventHandler
    void on(CardCancelled event) {
        one(event.memberId(), event);
    }

    private void one(String memberId, Object event) {
        MemberFacts f = rows.load(List.of(memberId)).get(memberId);
        if (f != null) {
            MemberFacts before = f.copy();
            if (Changes.member(event, f)) {
                rows.changed(before, f);
            }
        }
    }

    @EventHandler
    void on(BatchSubmitted event) {
        batch(event);
    }

    @EventHandler
    void on(BatchApproved event) {
        batch(event);
    }

    @EventHandler
    void on(BatchPartlyApproved event) {
        batch(event);
    }

    @EventHandler
    void on(BatchRejected event) {
        batch(event);
    }

    @EventHandler
    void on(BatchMemberReturned event) {
        batch(event);
    }

    @EventHandler
    void on(BatchHandedToBank event) {
        batch(event);
    }

    @EventHandler
    void on(BatchMemberErased event) {
        batch(event);
    }

    /** The members the event lists (a submission), names (one returned or erased) or the batch holds. */
    private void batch(BatchEvent event) {
        List<MemberFacts> affected;
        if (event instanceof BatchSubmitted s) {
            Map<String, MemberFacts> found = rows.load(s.members().stream().map(BatchMember::memberId).toList());
            affected = List.copyOf(found.values());
        } else {
            String one = Changes.memberOf(event);
            affected = one == null ? rows.heldBy(event.batchId())
                    : rows.load(List.of(one)).values().stream().filter(f -> event.batchId().equals(f.batchId)).toList();
        }
        for (MemberFacts f : affected) {
            MemberFacts before = f.copy();
            Changes.batch(event, f);
            rows.changed(before, f);
        }
    }
}
