package cn.unioncard.registry.command.card;

import cn.unioncard.registry.command.batch.BatchFacts;
import cn.unioncard.registry.command.scope.UnionTree;
import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Violations;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;

/**
 * What refuses a whole bank return, before any row is tried and again with each row: a batch outside
 * the actor's subtree (404), the role (403), the branch and date (400), a batch not handed to the bank
 * (409, naming its state). The upload endpoint asks it first so that a refused request changes nothing.
 */
@Component
class IssuanceGate {

    /** The checked branch (trimmed) and the batch. */
    record Passed(BatchFacts.Fact batch, String branch) {
    }

    private final BatchFacts batches;
    private final UnionTree tree;
    private final Clock clock;

    IssuanceGate(BatchFacts batches, UnionTree tree, Clock clock) {
        this.batches = batches;
        this.tree = tree;
        this.clock = clock;
    }

    /** The batch if it lies in the actor's subtree (404 otherwise); {@code lock} holds it to the end of the transaction. */
    BatchFacts.Fact inScope(Actor actor, String batchId, boolean lock) {
        BatchFacts.Fact batch = batchId == null ? null
                : (lock ? batches.lock(batchId) : batches.find(batchId)).orElse(null);
        if (batch == null || !tree.isVisible(actor, batch.unionId())) {
            throw RegistryProblem.notFound("batch");
        }
        return batch;
    }

    /** Scope and role only (a run's report is recorded once its rows were tried). */
    BatchFacts.Fact visible(Actor actor, String batchId, boolean lock) {
        BatchFacts.Fact batch = inScope(actor, batchId, lock);
        Permission.ISSUE_CARDS.require(actor);
        return batch;
    }

    /** Everything but the rows; {@code lock} holds the batch to the end of the transaction (one row at a time). */
    private static final LocalDate FIRST_CARDS = LocalDate.of(2013, 1, 1);

    Passed require(Actor actor, String batchId, String branch, LocalDate issuedOn, boolean lock) {
        BatchFacts.Fact batch = visible(actor, batchId, lock);
        Violations v = new Violations();
        String checked = FormFields.text(v, "branch", branch, true, 2, 100);
        if (issuedOn == null) {
            FormFields.required(v, "issuedOn");
        } else if (issuedOn.isAfter(LocalDate.now(clock))) {
            v.error("issuedOn", "date.future", "发卡日期不能晚于今天", "the issue date cannot be in the future");
        } else if (issuedOn.isBefore(FIRST_CARDS)) {
            // The service cards began with the seed's notice (2013-01-16); an older date is a typing slip.
            v.error("issuedOn", "date.too-early", "发卡日期不能早于 2013-01-01", "the issue date cannot be before 2013-01-01");
        }
        v.throwIfAny();
        if (batch.status() != BatchStatus.HANDED_TO_BANK) {
            throw RegistryProblem.conflict("该批次" + zh(batch.status()) + "，交付银行后才能登记发卡",
                    "this batch is " + en(batch.status()) + ": cards are recorded only for a batch handed to the bank");
        }
        return new Passed(batch, checked);
    }

    private static String zh(BatchStatus status) {
        return switch (status) {
            case SUBMITTED -> "待审核";
            case APPROVED -> "已审核通过，尚未交付银行";
            case PARTLY_APPROVED -> "已部分审核通过，尚未交付银行";
            case REJECTED -> "已被退回";
            case HANDED_TO_BANK -> "已交付银行";
        };
    }

    private static String en(BatchStatus status) {
        return switch (status) {
            case SUBMITTED -> "awaiting review";
            case APPROVED -> "approved, not yet handed to the bank";
            case PARTLY_APPROVED -> "partly approved, not yet handed to the bank";
            case REJECTED -> "rejected";
            case HANDED_TO_BANK -> "handed to the bank";
        };
    }
}
