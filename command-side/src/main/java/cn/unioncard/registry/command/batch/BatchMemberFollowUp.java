package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.command.member.MemberFollowUp;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * What a member's change or erasure does to the batches holding the member, in the member
 * command's own unit of work. Each holding batch is loaded, which locks it, before its row is read
 * again and changed: an approval holds that lock while it reads the members' versions, so a change
 * either commits before the approval looks (and is seen as stale) or after it (and returns the member).
 */
@Component
class BatchMemberFollowUp implements MemberFollowUp {

    private final Repository<Batch> batches;
    private final BatchMembership membership;

    BatchMemberFollowUp(Repository<Batch> batches, BatchMembership membership) {
        this.batches = batches;
        this.membership = membership;
    }

    /** An open batch shows the change (the stale version blocks approval); an approved one returns the member. */
    @Override
    public void changed(String memberId) {
        membership.holding(memberId).forEach(batchId -> {
            Aggregate<Batch> batch = batches.load(batchId);
            batch.execute(b -> b.memberChanged(memberId));
            if (batch.invoke(b -> b.returned(memberId))) {
                membership.free(batchId, memberId);
            }
        });
    }

    /** Before the hand-over the member leaves the list; after it the batch records a warning. */
    @Override
    public void erased(String memberId) {
        membership.holding(memberId).forEach(batchId -> {
            batches.load(batchId).execute(b -> b.memberErased(memberId));
            membership.free(batchId, memberId);
        });
    }
}
