package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/**
 * A union reported members for review. {@code contentHash} is the SHA-256 (hex) over what was
 * submitted (see {@link BatchContent}); {@code onBehalf} says a reviewer above the union submitted
 * it for the union, and {@code submittedBy} who, so that nobody approves their own submission.
 */
public record BatchSubmitted(@NotPersonal("an id") String batchId,
                             @NotPersonal("a union id") String unionId,
                             List<BatchMember> members,
                             int count,
                             @NotPersonal("a digest") String contentHash,
                             @NotPersonal("a batch id") String replaces,
                             @NotPersonal("a staff account, kept to audit who submitted") String submittedBy,
                             boolean onBehalf) implements BatchEvent {
}
