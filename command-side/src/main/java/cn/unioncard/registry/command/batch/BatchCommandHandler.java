package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.command.member.MemberFacts;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.batch.ApproveBatch;
import cn.unioncard.registry.events.batch.BatchContent;
import cn.unioncard.registry.events.batch.BatchMember;
import cn.unioncard.registry.events.batch.BatchSubmission;
import cn.unioncard.registry.events.batch.BatchSubmitted;
import cn.unioncard.registry.events.batch.RecordBatchHandedToBank;
import cn.unioncard.registry.events.batch.RejectBatch;
import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.union.UnionLevel;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Batch commands: scope (a batch outside the actor's subtree does not exist), the role, the input,
 * then the lookups (which members may be submitted, who holds them) written in the command's
 * transaction, and last the batch's own state.
 */
@Component
class BatchCommandHandler {

    private final Repository<Batch> batches;
    private final BatchSubmissionRules rules;
    private final BatchMembership membership;
    private final BatchLookup lookup;
    private final MemberFacts facts;
    private final UnionTree tree;
    private final Clock clock;

    BatchCommandHandler(Repository<Batch> batches, BatchSubmissionRules rules, BatchMembership membership,
                        BatchLookup lookup, MemberFacts facts, UnionTree tree, Clock clock) {
        this.batches = batches;
        this.rules = rules;
        this.membership = membership;
        this.lookup = lookup;
        this.facts = facts;
        this.tree = tree;
        this.clock = clock;
    }

    @CommandHandler
    BatchSubmission handle(SubmitBatch command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        UnionTree.Node union = tree.requireVisible(actor, command.unionId());
        Permission.SUBMIT_BATCH.require(actor);
        if (union.level() != UnionLevel.GRASSROOTS) {
            new Violations().error("unionId", "union.not-grassroots", "只有基层工会上报会员",
                    "only grassroots unions submit their members").throwIfAny();
        }
        BatchSubmissionRules.Chosen chosen = rules.choose(union.unionId(), command);
        if (command.replaces() != null && !lookup.replace(command.replaces(), union.unionId(), command.batchId())) {
            throw RegistryProblem.conflict("只能重新上报本工会被退回或部分通过、且尚未重新上报的批次",
                    "only a rejected or partly approved batch of this union, not yet resubmitted, can be replaced");
        }
        Set<String> taken = membership.hold(command.batchId(), chosen.memberIds());
        if (!taken.isEmpty()) {
            throw rules.alreadyInBatch(chosen.memberIds(), membership.holders(taken));
        }
        List<BatchMember> members = chosen.memberIds().stream().map(id -> {
            MemberFacts.Current current = facts.current(id);
            return new BatchMember(id, current.version(), current.debitCredit());
        }).toList();
        String hash = BatchContent.hash(union.unionId(), members);
        lookup.add(command.batchId(), union.unionId());
        // A union's own clerk belongs to the union; anyone else above it submits on its behalf.
        boolean onBehalf = !union.unionId().equals(actor.organisationId());
        batches.newInstance(() -> new Batch(new BatchSubmitted(command.batchId(), union.unionId(), members,
                members.size(), hash, command.replaces(), actor.username(), onBehalf)));
        return new BatchSubmission(command.batchId(), members.size(), hash, chosen.leftOutUnauthorised());
    }

    @CommandHandler
    void handle(ApproveBatch command, MetaData metaData) throws Exception {
        Actor actor = reviewer(metaData, command.batchId());
        Aggregate<Batch> batch = batches.load(command.batchId());
        batch.execute(b -> b.requireNotSubmittedBy(actor.username()));
        Map<String, String> excluded = reasons("excluded", command.excluded());
        batch.execute(Batch::requireOpen);
        // The batch stays locked while the versions are read: a member's change waits for it (see BatchMemberFollowUp).
        Map<String, Long> current = new TreeMap<>();
        batch.invoke(Batch::membersOnList).stream().filter(id -> !excluded.containsKey(id))
                .forEach(id -> current.put(id, facts.version(id)));
        batch.execute(b -> b.approve(excluded, current, actor.organisationId()));
        membership.approve(command.batchId(), excluded.keySet());
        lookup.reviewed(command.batchId(), excluded.isEmpty() ? "APPROVED" : "PARTLY_APPROVED");
    }

    @CommandHandler
    void handle(RejectBatch command, MetaData metaData) throws Exception {
        Actor actor = reviewer(metaData, command.batchId());
        Aggregate<Batch> batch = batches.load(command.batchId());
        batch.execute(b -> b.requireNotSubmittedBy(actor.username()));
        Violations v = new Violations();
        String reason = FormFields.text(v, "reason", command.reason(), true, 2, 200);
        Map<String, String> members = reasons(v, "members", command.members());
        v.throwIfAny();
        batch.execute(b -> b.reject(reason, members, actor.organisationId()));
        membership.reject(command.batchId());
        lookup.reviewed(command.batchId(), "REJECTED");
    }

    @CommandHandler
    void handle(RecordBatchHandedToBank command, MetaData metaData) throws Exception {
        Actor actor = AuditMetadata.from(metaData);
        visibleBatch(actor, command.batchId());
        Permission.HAND_OVER_BATCH.require(actor);
        Violations v = new Violations();
        String branch = FormFields.text(v, "branch", command.branch(), true, 2, 100);
        String carriedBy = FormFields.text(v, "carriedBy", command.carriedBy(), true, 2, 50);
        if (command.handedOverOn() == null) {
            FormFields.required(v, "handedOverOn");
        } else if (command.handedOverOn().isAfter(LocalDate.now(clock))) {
            v.error("handedOverOn", "date.future", "交付日期不能晚于今天", "the hand-over cannot be dated in the future");
        }
        v.throwIfAny();
        batches.load(command.batchId()).execute(b -> b.handOver(branch, command.handedOverOn(), carriedBy,
                clock.getZone()));
        lookup.handedToBank(command.batchId());
    }

    /** Scope (404), then the reviewer's role (403). */
    private Actor reviewer(MetaData metaData, String batchId) {
        Actor actor = AuditMetadata.from(metaData);
        visibleBatch(actor, batchId);
        Permission.REVIEW_BATCH.require(actor);
        return actor;
    }

    /** A batch whose union is outside the actor's subtree does not exist for the actor. */
    private void visibleBatch(Actor actor, String batchId) {
        String unionId = batchId == null ? null : lookup.unionOf(batchId).orElse(null);
        if (unionId == null || !tree.isVisible(actor, unionId)) {
            throw RegistryProblem.notFound("batch");
        }
    }

    private static Map<String, String> reasons(String field, Map<String, String> given) {
        Violations v = new Violations();
        Map<String, String> checked = reasons(v, field, given);
        v.throwIfAny();
        return checked;
    }

    /** Each member's reason, required, 2 to 200 characters, trimmed; refusals name {@code field[memberId]}. */
    private static Map<String, String> reasons(Violations v, String field, Map<String, String> given) {
        Map<String, String> checked = new LinkedHashMap<>();
        if (given != null) {
            given.forEach((id, reason) -> checked.put(id, FormFields.text(v, field + "[" + id + "]", reason, true, 2, 200)));
        }
        return checked;
    }
}
