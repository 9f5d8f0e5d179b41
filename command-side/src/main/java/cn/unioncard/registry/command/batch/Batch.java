package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.events.batch.BatchApproved;
import cn.unioncard.registry.events.batch.BatchHandedToBank;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchMemberErased;
import cn.unioncard.registry.events.batch.BatchMemberReturned;
import cn.unioncard.registry.events.batch.BatchPartlyApproved;
import cn.unioncard.registry.events.batch.BatchRejected;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A batch (上报批次) from submission through review to the bank. {@link BatchCommandHandler} checks
 * scope, roles, input and the lookups first; here only the batch's own state is guarded.
 */
@Aggregate
class Batch {

    /** Where one submitted member stands in this batch. */
    enum MemberState { SUBMITTED, RETURNED, ERASED }

    /** The reason recorded for a member returned by {@link #memberChanged}. */
    static final String CHANGED_AFTER_APPROVAL = "审核通过后会员信息有变更，已移出清单，请核实后重新上报";

    @AggregateIdentifier
    private String batchId;
    private String unionId;
    private BatchStatus status;
    private String submittedBy;
    private boolean onBehalf;
    private Instant approvedAt;
    /** Submitted version of each member, in submission order. */
    private Map<String, Long> versions;
    private Map<String, MemberState> states;

    Batch() {
        // for Axon's event sourcing
    }

    Batch(BatchSubmitted submitted) {
        apply(submitted);
    }

    /** Nobody reviews a batch twice: only a submitted batch waits for review. */
    void requireOpen() {
        if (status != BatchStatus.SUBMITTED) {
            throw RegistryProblem.conflict("该批次已审核", "this batch has already been reviewed");
        }
    }

    /** A reviewer who submitted the batch for the union does not review it too. */
    void requireNotSubmittedBy(String username) {
        if (onBehalf && submittedBy.equals(username)) {
            throw RegistryProblem.forbidden("您代该工会上报了此批次，不能再审核它",
                    "you submitted this batch on the union's behalf and cannot review it");
        }
    }

    /** The members still on the batch (not erased), whose versions an approval must find unchanged. */
    List<String> membersOnList() {
        return states.entrySet().stream().filter(e -> e.getValue() == MemberState.SUBMITTED).map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Approves the members on the list, except {@code excluded} (id → reason, already checked), which
     * go back to the union. A member whose current version differs from the submitted one cannot be
     * approved: the union resubmits it, or the reviewer excludes it.
     */
    void approve(Map<String, String> excluded, Map<String, Long> currentVersions, String reviewerUnionId) {
        requireOpen();
        requireOnList("excluded", excluded.keySet());
        List<String> onList = membersOnList();
        if (onList.isEmpty()) {
            throw RegistryProblem.conflict("批次中的会员已全部删除个人信息，请退回该批次",
                    "every member of this batch was erased; reject the batch");
        }
        if (excluded.keySet().containsAll(onList)) {
            new Violations().error("excluded", "batch.all-excluded", "不能排除批次中的全部会员，请退回整个批次",
                    "the exclusions cover every member: reject the batch instead").throwIfAny();
        }
        List<String> stale = onList.stream().filter(id -> !excluded.containsKey(id))
                .filter(id -> !versions.get(id).equals(currentVersions.get(id))).toList();
        if (!stale.isEmpty()) {
            throw RegistryProblem.conflict("以下会员在上报后已变更，须重新上报或排除后才能审核通过：" + String.join(", ", stale),
                    "these members changed after submission; resubmit or exclude them before approving: "
                            + String.join(", ", stale));
        }
        int approved = onList.size() - excluded.size();
        if (excluded.isEmpty()) {
            apply(new BatchApproved(batchId, unionId, approved, reviewerUnionId));
        } else {
            List<String> returned = onList.stream().filter(excluded::containsKey).toList();
            apply(new BatchPartlyApproved(batchId, unionId, approved, returned, reviewerUnionId));
            returned.forEach(id -> apply(new BatchMemberReturned(batchId, id, excluded.get(id))));
        }
    }

    /** Sends the whole batch back; {@code memberReasons} (id → reason, already checked) about particular members. */
    void reject(String reason, Map<String, String> memberReasons, String reviewerUnionId) {
        requireOpen();
        requireOnList("members", memberReasons.keySet());
        apply(new BatchRejected(batchId, unionId, reason, reviewerUnionId));
        membersOnList().stream().filter(memberReasons::containsKey)
                .forEach(id -> apply(new BatchMemberReturned(batchId, id, memberReasons.get(id))));
    }

    /** Once, after approval, on a day not before the approval (in the registry's time zone). */
    void handOver(String branch, LocalDate handedOverOn, String carriedBy, ZoneId zone) {
        if (status == BatchStatus.HANDED_TO_BANK) {
            throw RegistryProblem.conflict("该批次已登记交付银行", "this batch's hand-over to the bank is already recorded");
        }
        if (!status.approved()) {
            throw RegistryProblem.conflict("批次审核通过后才能交付银行", "only an approved batch can be handed to the bank");
        }
        if (handedOverOn.isBefore(LocalDate.ofInstant(approvedAt, zone))) {
            new Violations().error("handedOverOn", "date.before-approval", "交付日期不能早于审核通过日期",
                    "the hand-over cannot be dated before the approval").throwIfAny();
        }
        apply(new BatchHandedToBank(batchId, unionId, branch, handedOverOn, carriedBy));
    }

    /** The member's data was erased: off the list before the hand-over, a warning after it. */
    void memberErased(String memberId) {
        if ((status.open() || status.approved()) && states.get(memberId) == MemberState.SUBMITTED) {
            apply(new BatchMemberErased(batchId, memberId, status == BatchStatus.HANDED_TO_BANK));
        }
    }

    /**
     * The member changed after the approval and before the hand-over: the list must not print data
     * nobody reviewed, so the member goes back to the union (to be submitted again) and leaves the list.
     */
    void memberChanged(String memberId) {
        if (status.approved() && status != BatchStatus.HANDED_TO_BANK && states.get(memberId) == MemberState.SUBMITTED) {
            apply(new BatchMemberReturned(batchId, memberId, CHANGED_AFTER_APPROVAL));
        }
    }

    /** Whether the member went back to the union from this batch. */
    boolean returned(String memberId) {
        return states.get(memberId) == MemberState.RETURNED;
    }

    String unionId() {
        return unionId;
    }

    private void requireOnList(String field, Set<String> memberIds) {
        Violations v = new Violations();
        for (String id : memberIds) {
            MemberState state = states.get(id);
            if (state == null) {
                v.error(field + "[" + id + "]", "batch.member-not-in-batch", "该会员不在此批次中",
                        "this member is not in the batch");
            } else if (state == MemberState.ERASED) {
                v.error(field + "[" + id + "]", "batch.member-erased", "该会员的个人信息已删除，已不在清单上",
                        "this member's personal data was erased; the member is no longer on the list");
            }
        }
        v.throwIfAny();
    }

    @EventSourcingHandler
    void on(BatchSubmitted event) {
        batchId = event.batchId();
        unionId = event.unionId();
        status = BatchStatus.SUBMITTED;
        submittedBy = event.submittedBy();
        onBehalf = event.onBehalf();
        versions = new LinkedHashMap<>();
        states = new LinkedHashMap<>();
        for (BatchMember m : event.members()) {
            versions.put(m.memberId(), m.version());
            states.put(m.memberId(), MemberState.SUBMITTED);
        }
    }

    @EventSourcingHandler
    void on(BatchApproved event, @Timestamp Instant at) {
        status = BatchStatus.APPROVED;
        approvedAt = at;
    }

    @EventSourcingHandler
    void on(BatchPartlyApproved event, @Timestamp Instant at) {
        status = BatchStatus.PARTLY_APPROVED;
        approvedAt = at;
    }

    @EventSourcingHandler
    void on(BatchRejected event) {
        status = BatchStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(BatchMemberReturned event) {
        states.put(event.memberId(), MemberState.RETURNED);
    }

    @EventSourcingHandler
    void on(BatchHandedToBank event) {
        status = BatchStatus.HANDED_TO_BANK;
    }

    @EventSourcingHandler
    void on(BatchMemberErased event) {
        states.put(event.memberId(), MemberState.ERASED);
    }
}
