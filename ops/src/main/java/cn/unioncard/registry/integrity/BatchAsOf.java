package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.batch.BatchSubmitted;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A batch as it stood: status, counts and members, folded from its events as the batch projection
 * folds them (members SUBMITTED, then APPROVED or RETURNED, or ERASED).
 */
final class BatchAsOf {

    /** {@code returnedReason} as the controller decides to show it (it is the member's personal data). */
    record Member(String memberId, boolean debitCredit, long submittedVersion, String state, String returnedReason) {
    }

    record State(String unionId, BatchStatus status, int memberCount, Integer approvedCount, int erasedCount,
                 int erasedAfterHandover, String contentHash, String replaces, String submittedBy, boolean onBehalf,
                 Instant submittedAt, Instant reviewedAt, String reviewerUnionId, String rejectionReason,
                 String bankBranch, LocalDate handedOverOn, String carriedBy, List<Member> members) {
    }

    private BatchAsOf() {
    }

    /** {@code shown} turns a member's returned reason in clear into what the answer may carry. */
    static State fold(AsOfEvents.Trail trail, BiFunction<String, String, String> shown) {
        Map<String, Member> members = new LinkedHashMap<>();
        State s = null;
        for (AsOfEvents.Past p : trail.events()) {
            Object e = p.payload();
            if (e instanceof BatchSubmitted b) {
                for (BatchMember m : b.members()) {
                    members.put(m.memberId(), new Member(m.memberId(), m.debitCredit(), m.version(), "SUBMITTED", null));
                }
                s = new State(b.unionId(), BatchStatus.SUBMITTED, b.count(), null, 0, 0, b.contentHash(), b.replaces(),
                        b.submittedBy(), b.onBehalf(), p.at(), null, null, null, null, null, null, null);
            } else if (s == null) {
                continue;
            } else if (e instanceof BatchApproved a) {
                move(members, List.of(), "APPROVED");
                s = reviewed(s, BatchStatus.APPROVED, a.approved(), p.at(), a.reviewerUnionId(), null);
            } else if (e instanceof BatchPartlyApproved a) {
                move(members, a.excludedMemberIds(), "APPROVED");
                s = reviewed(s, BatchStatus.PARTLY_APPROVED, a.approved(), p.at(), a.reviewerUnionId(), null);
            } else if (e instanceof BatchRejected r) {
                move(members, List.of(), "RETURNED");
                s = reviewed(s, BatchStatus.REJECTED, 0, p.at(), r.reviewerUnionId(), r.reason());
            } else if (e instanceof BatchMemberReturned r) {
                members.computeIfPresent(r.memberId(), (id, m) -> m.state().equals("ERASED") ? m
                        : new Member(id, m.debitCredit(), m.submittedVersion(), "RETURNED", shown.apply(id, r.reason())));
            } else if (e instanceof BatchHandedToBank h) {
                s = new State(s.unionId(), BatchStatus.HANDED_TO_BANK, s.memberCount(), s.approvedCount(), s.erasedCount(),
                        s.erasedAfterHandover(), s.contentHash(), s.replaces(), s.submittedBy(), s.onBehalf(),
                        s.submittedAt(), s.reviewedAt(), s.reviewerUnionId(), s.rejectionReason(), h.branch(),
                        h.handedOverOn(), h.carriedBy(), null);
            } else if (e instanceof BatchMemberErased x) {
                members.computeIfPresent(x.memberId(), (id, m) -> new Member(id, m.debitCredit(), m.submittedVersion(),
                        "ERASED", null));
                s = new State(s.unionId(), s.status(), s.memberCount(), s.approvedCount(), s.erasedCount() + 1,
                        s.erasedAfterHandover() + (x.afterHandover() ? 1 : 0), s.contentHash(), s.replaces(),
                        s.submittedBy(), s.onBehalf(), s.submittedAt(), s.reviewedAt(), s.reviewerUnionId(),
                        s.rejectionReason(), s.bankBranch(), s.handedOverOn(), s.carriedBy(), null);
            }
        }
        return s == null ? null : new State(s.unionId(), s.status(), s.memberCount(), s.approvedCount(), s.erasedCount(),
                s.erasedAfterHandover(), s.contentHash(), s.replaces(), s.submittedBy(), s.onBehalf(), s.submittedAt(),
                s.reviewedAt(), s.reviewerUnionId(), s.rejectionReason(), s.bankBranch(), s.handedOverOn(), s.carriedBy(),
                new ArrayList<>(members.values()));
    }

    /** Every member still SUBMITTED moves to {@code state}, those of {@code except} to RETURNED. */
    private static void move(Map<String, Member> members, List<String> except, String state) {
        members.replaceAll((id, m) -> !m.state().equals("SUBMITTED") ? m : new Member(id, m.debitCredit(),
                m.submittedVersion(), except.contains(id) ? "RETURNED" : state, m.returnedReason()));
    }

    private static State reviewed(State s, BatchStatus status, int approved, Instant at, String reviewer, String reason) {
        return new State(s.unionId(), status, s.memberCount(), approved, s.erasedCount(), s.erasedAfterHandover(),
                s.contentHash(), s.replaces(), s.submittedBy(), s.onBehalf(), s.submittedAt(), at, reviewer, reason,
                s.bankBranch(), s.handedOverOn(), s.carriedBy(), null);
    }
}
