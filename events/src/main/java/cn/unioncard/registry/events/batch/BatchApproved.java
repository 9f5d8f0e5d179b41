package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** Every member of the batch was approved, by a reviewer of {@code reviewerUnionId}. */
public record BatchApproved(@NotPersonal("an id") String batchId,
                            @NotPersonal("a union id") String unionId,
                            int approved,
                            @NotPersonal("the reviewer's union id, printed on the list") String reviewerUnionId)
        implements BatchEvent {
}
