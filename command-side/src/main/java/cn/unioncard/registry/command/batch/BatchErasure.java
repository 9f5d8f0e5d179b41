package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.command.member.MemberErasureFollowUp;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

/**
 * An erased member leaves every open or approved batch that held it, in the erasure's own unit of
 * work: before the hand-over off the list, after it with a warning that the bank holds the data.
 */
@Component
class BatchErasure implements MemberErasureFollowUp {

    private final Repository<Batch> batches;
    private final BatchMembership membership;

    BatchErasure(Repository<Batch> batches, BatchMembership membership) {
        this.batches = batches;
        this.membership = membership;
    }

    @Override
    public void erased(String memberId) {
        for (String batchId : membership.releaseErased(memberId)) {
            batches.load(batchId).execute(b -> b.memberErased(memberId));
        }
    }
}
