package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * A member of the batch had their personal data erased (the data-protection officer's decision
 * wins over the batch). Before the hand-over the member simply leaves the list; after it
 * ({@code afterHandover}) the bank already holds the data, which the batch records as a warning.
 */
public record BatchMemberErased(@NotPersonal("an id") String batchId,
                                @NotPersonal("a member id; the member's data is already gone") String memberId,
                                boolean afterHandover) implements BatchEvent {
}
