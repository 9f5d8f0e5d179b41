package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.command.member.MemberFacts;
import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.InvalidInputException;
import cn.unioncard.registry.events.validation.Violations;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which members a submission may hold: named ones, each checked (every offending member is named
 * in one problem), or every pending member of the union. Nothing about another union's member is
 * told but that it is not in this union.
 */
@Component
class BatchSubmissionRules {

    /** The members to submit, and how many pending members were left out for lack of consent. */
    record Chosen(List<String> memberIds, int leftOutUnauthorised) {
    }

    private final MemberFacts facts;
    private final BatchMembership membership;

    BatchSubmissionRules(MemberFacts facts, BatchMembership membership) {
        this.facts = facts;
        this.membership = membership;
    }

    Chosen choose(String unionId, SubmitBatch command) {
        List<String> named = command.memberIds() == null ? List.of() : command.memberIds();
        if (command.allPending() && !named.isEmpty()) {
            new Violations().error("memberIds", "batch.ids-or-all-pending", "请列出会员或选择全部待上报会员，不能两者都选",
                    "name the members or ask for all pending ones, not both").throwIfAny();
        }
        Chosen chosen = command.allPending() ? pending(unionId) : new Chosen(checked(unionId, named), 0);
        if (chosen.memberIds().isEmpty()) {
            new Violations().error(command.allPending() ? "allPending" : "memberIds", "batch.empty",
                    "批次中没有会员", "the batch has no members").throwIfAny();
        }
        if (chosen.memberIds().size() > SubmitBatch.MAX_MEMBERS) {
            new Violations().error(command.allPending() ? "allPending" : "memberIds", "batch.too-many",
                    "一个批次最多 " + SubmitBatch.MAX_MEMBERS + " 名会员，请分批上报",
                    "a batch holds at most " + SubmitBatch.MAX_MEMBERS + " members; submit them in several batches")
                    .throwIfAny();
        }
        return chosen;
    }

    /** Refuses members another batch holds (a concurrent submission got them first), naming the batch. */
    RuntimeException alreadyInBatch(List<String> memberIds, Map<String, String> holders) {
        Violations v = new Violations();
        for (int i = 0; i < memberIds.size(); i++) {
            String batchId = holders.get(memberIds.get(i));
            if (batchId != null) {
                inBatch(v, i, batchId);
            }
        }
        return v.hasErrors() ? new InvalidInputException(v.errors()) : RegistryProblem.conflict(
                "会员已被其他批次上报", "members were submitted in another batch meanwhile");
    }

    private Chosen pending(String unionId) {
        List<MemberFacts.Fact> active = facts.activeIn(unionId);
        Map<String, String> held = membership.holders(active.stream().map(MemberFacts.Fact::memberId).toList());
        List<String> chosen = new ArrayList<>();
        int unauthorised = 0;
        for (MemberFacts.Fact f : active) {
            if (held.containsKey(f.memberId())) {
                continue;
            }
            if (f.authorisedOn() == null) {
                unauthorised++;
            } else {
                chosen.add(f.memberId());
            }
        }
        return new Chosen(chosen, unauthorised);
    }

    private List<String> checked(String unionId, List<String> named) {
        if (named.size() > SubmitBatch.MAX_MEMBERS) {
            return named; // refused as too many before anything is looked up
        }
        Map<String, MemberFacts.Fact> known = facts.find(named);
        Map<String, String> held = membership.holders(named);
        Violations v = new Violations();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < named.size(); i++) {
            String id = named.get(i);
            MemberFacts.Fact f = id == null ? null : known.get(id);
            String field = "memberIds[" + i + "]";
            if (id != null && !seen.add(id)) {
                v.error(field, "batch.duplicate-member", "该会员在列表中重复出现", "this member is listed twice");
            } else if (f == null || !f.unionId().equals(unionId)) {
                v.error(field, "batch.member-not-in-union", "该会员不在本工会", "this member is not in this union");
            } else if (f.erased()) {
                v.error(field, "batch.member-erased", "该会员的个人信息已删除", "this member's personal data was erased");
            } else if (f.withdrawn()) {
                v.error(field, "batch.member-withdrawn", "该会员已退会", "this member has withdrawn");
            } else if (f.authorisedOn() == null) {
                v.error(field, "batch.member-unauthorised", "该会员没有登记授权单位代申领工会卡的授权",
                        "no authorisation of this member is recorded");
            } else if (held.containsKey(id)) {
                inBatch(v, i, held.get(id));
            }
        }
        v.throwIfAny();
        return named;
    }

    private static void inBatch(Violations v, int i, String batchId) {
        v.error("memberIds[" + i + "]", "batch.member-in-batch", "该会员已在待审核或已通过的批次 " + batchId + " 中",
                "this member is already in the open or approved batch " + batchId);
    }
}
