package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchEvent;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.card.CardActivated;
import cn.unioncard.registry.events.card.CardCancelled;
import cn.unioncard.registry.events.card.CardHandedOut;
import cn.unioncard.registry.events.card.CardIssued;
import cn.unioncard.registry.events.card.CardState;
import cn.unioncard.registry.events.card.QualificationDeclined;
import cn.unioncard.registry.events.member.MemberAuthorisationRecorded;
import cn.unioncard.registry.events.member.MemberInfoCorrected;
import cn.unioncard.registry.events.member.MemberTransferred;
import cn.unioncard.registry.events.member.MemberWithdrawn;
import cn.unioncard.registry.events.member.PersonalDataErased;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.union.UnionProfile;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How each event changes a member's facts, written once for the live projection and the as-of model,
 * so the two can only differ in where the facts are kept.
 */
final class Changes {

    /** The members of a batch event's batch whose facts it changes, given the ones the batch holds. */
    static final Set<Class<?>> WHOLE_BATCH = Set.of(BatchApproved.class, BatchPartlyApproved.class,
            BatchRejected.class, BatchHandedToBank.class);

    private Changes() {
    }

    /** A member event (other than the registration) or a card event; false when it changes nothing here. */
    static boolean member(Object event, MemberFacts f) {
        if (event instanceof MemberInfoCorrected e) {
            f.take(e.corrected(), e.changedFields());
        } else if (event instanceof MemberAuthorisationRecorded) {
            f.consent = true;
        } else if (event instanceof MemberTransferred e) {
            f.unionId = e.toUnionId();
        } else if (event instanceof MemberWithdrawn) {
            if (!f.status.equals(MemberFacts.ERASED)) {
                f.status = MemberFacts.WITHDRAWN;
            }
        } else if (event instanceof PersonalDataErased) {
            f.erase();
        } else if (event instanceof CardIssued e) {
            f.issued(e.cardId(), e.cardType());
        } else if (event instanceof QualificationDeclined e) {
            f.declined = f.declined || e.cardId().equals(f.cardId);
        } else if (event instanceof CardHandedOut e) {
            f.cardStep(e.cardId(), CardState.HANDED_OUT);
        } else if (event instanceof CardActivated e) {
            f.cardStep(e.cardId(), CardState.ACTIVATED);
        } else if (event instanceof CardCancelled e) {
            f.cancelled(e.cardId());
        } else {
            return false;
        }
        return true;
    }

    /**
     * A batch event for one member the batch holds ({@code f.batchId} is the event's batch), or, for
     * {@link BatchSubmitted}, one member it lists.
     */
    static void batch(BatchEvent event, MemberFacts f) {
        if (event instanceof BatchSubmitted e) {
            f.batchId = e.batchId();
            f.batchStage = MemberFacts.SUBMITTED;
        } else if (event instanceof BatchApproved) {
            approve(f);
        } else if (event instanceof BatchPartlyApproved e) {
            if (e.excludedMemberIds().contains(f.memberId)) {
                f.freed();
            } else {
                approve(f);
            }
        } else if (event instanceof BatchHandedToBank) {
            if (f.batchStage == MemberFacts.APPROVED) {
                f.batchStage = MemberFacts.HANDED;
            }
        } else {
            // Rejected, a member returned, a member erased from it: the member leaves the batch.
            f.freed();
        }
    }

    private static void approve(MemberFacts f) {
        if (f.batchStage == MemberFacts.SUBMITTED) {
            f.batchStage = MemberFacts.APPROVED;
        }
    }

    /** The member a single-member batch event is about, or null for a whole-batch event. */
    static String memberOf(BatchEvent event) {
        if (event instanceof BatchMemberReturned e) {
            return e.memberId();
        }
        return event instanceof BatchMemberErased e ? e.memberId() : null;
    }

    /** A union's own cells: a grassroots union counts itself and its 附件2 figures. */
    static Map<String, Long> union(UnionLevel level, UnionProfile p) {
        Map<String, Long> cells = new LinkedHashMap<>();
        if (level != UnionLevel.GRASSROOTS) {
            return cells;
        }
        cells.put("grassrootsUnions", 1L);
        cells.put("figure.staff", n(p == null ? null : p.totalStaff()));
        cells.put("figure.members", n(p == null ? null : p.members()));
        cells.put("figure.migrantWorkers", n(p == null ? null : p.migrantWorkers()));
        cells.put("figure.dispatchedWorkers", n(p == null ? null : p.dispatchedWorkers()));
        cells.put("figure.insured", n(p == null ? null : p.insuredStaff()));
        return cells;
    }

    private static long n(Integer i) {
        return i == null ? 0 : i;
    }
}
