package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/**
 * The batch was approved except {@code excludedMemberIds}, returned for correction; each one's
 * reason follows in its own {@link BatchMemberReturned}.
 */
public record BatchPartlyApproved(@NotPersonal("an id") String batchId,
                                  @NotPersonal("a union id") String unionId,
                                  int approved,
                                  @NotPersonal("member ids") List<String> excludedMemberIds,
                                  @NotPersonal("the reviewer's union id, printed on the list") String reviewerUnionId)
        implements BatchEvent {
}
