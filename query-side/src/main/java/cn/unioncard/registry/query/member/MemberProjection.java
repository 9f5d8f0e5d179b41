package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.InsuranceCoverEnded;
import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberChanges;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import cn.unioncard.registry.query.union.UnionPaths;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * The member directory. Like the union directory it runs in the command's transaction
 * (subscribing, declared below): a clerk who has just registered a member reads it at once.
 */
@Component
@ProcessingGroup(MemberProjection.GROUP)
class MemberProjection {

    static final String GROUP = "members";

    private final MemberEntries entries;
    private final UnionPaths unions;
    private final MemberCounts counts;
    private final NewMembers newMembers;

    /** Subscribing: read-your-writes without waiting, and a failure here fails the command. */
    @Bean
    static ProcessorSettings membersProcessor() {
        return ProcessorSettings.subscribing(GROUP).projecting("member_view", "member_count");
    }

    MemberProjection(MemberEntries entries, UnionPaths unions, MemberCounts counts, NewMembers newMembers) {
        this.entries = entries;
        this.unions = unions;
        this.counts = counts;
        this.newMembers = newMembers;
    }

    /** Plain JDBC, one statement: the row, its union's path and its count (see {@link NewMembers}). */
    @EventHandler
    void on(MemberRegistered event, @SequenceNumber long version, @Timestamp Instant at) {
        newMembers.insert(event, version, at);
    }

    @EventHandler
    void on(MemberInfoCorrected event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.memberId(), version, at, e -> e.show(MemberChanges.merge(e.details, event.corrected(),
                event.changedFields())));
    }

    @EventHandler
    void on(MemberAuthorisationRecorded event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.memberId(), version, at, e -> {
            e.authorised = true;
            e.authorisedOn = event.receivedOn();
        });
    }

    @EventHandler
    void on(MemberWithdrawn event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.memberId(), version, at, e -> e.status = MemberStatus.WITHDRAWN);
    }

    @EventHandler
    void on(MemberTransferred event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.memberId(), version, at, e -> {
            e.unionId = event.toUnionId();
            e.unionPath = pathOf(event.toUnionId());
            if (event.newEmployerName() != null) {
                e.show(MemberChanges.withEmployer(e.details, event.newEmployerName()));
            }
        });
    }

    /** The directory keeps no personal field of an erased member; the row stays, counted, for statistics. */
    @EventHandler
    void on(PersonalDataErased event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.memberId(), version, at, e -> {
            e.show(PersonalFields.erased(e.details));
            e.erasedAt = at;
            if (event.membershipEnded()) {
                e.status = MemberStatus.WITHDRAWN;
            }
        });
    }

    /** The cover starts with the card's activation (a new card's activation starts a new one). */
    @EventHandler
    void on(CardActivated event) {
        cover(event.memberId(), e -> {
            e.coverStartsOn = event.coverStartsOn();
            e.coverEndsOn = null;
        });
    }

    /** Cancelling an activated card ends its cover (null: it never started or had ended). */
    @EventHandler
    void on(CardCancelled event) {
        if (event.coverEndsOn() != null) {
            cover(event.memberId(), e -> e.coverEndsOn = event.coverEndsOn());
        }
    }

    @EventHandler
    void on(InsuranceCoverEnded event) {
        cover(event.memberId(), e -> e.coverEndsOn = event.endedOn());
    }

    /** Card events are not the member's: its version (the ETag of its changes) stays. */
    private void cover(String memberId, Consumer<MemberEntry> change) {
        newMembers.flush();
        entries.lockedById(memberId).ifPresent(change);
    }

    private void update(String memberId, long version, Instant at, Consumer<MemberEntry> change) {
        newMembers.flush();
        entries.lockedById(memberId).ifPresent(e -> {
            String union = e.unionId;
            MemberStatus status = e.status;
            change.accept(e);
            e.version = version;
            e.updatedAt = at;
            counts.moved(memberId, union, status, e.unionId, e.status);
        });
    }

    /** A member's union is in the directory already (same transaction); without it the event fails as before. */
    private String pathOf(String unionId) {
        return unions.pathOf(unionId).orElseThrow(() -> new EmptyResultDataAccessException(1));
    }
}
