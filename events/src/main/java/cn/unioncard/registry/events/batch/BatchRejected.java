package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * The batch went back to the union; its members are free to be submitted again. Reasons about
 * particular members follow as {@link BatchMemberReturned}, sealed under each member's key.
 */
public record BatchRejected(@NotPersonal("an id") String batchId,
                            @NotPersonal("a union id") String unionId,
                            @NotPersonal("the reviewer's note about the batch as a whole; notes about a member go to BatchMemberReturned")
                            String reason,
                            @NotPersonal("the reviewer's union id") String reviewerUnionId) implements BatchEvent {
}
