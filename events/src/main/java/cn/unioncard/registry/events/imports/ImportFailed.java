package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** The job is FAILED; the counts say what was committed before it stopped. */
@NotPersonal("a reason code and counts")
public record ImportFailed(String jobId, String reasonCode, int processed, int accepted, int rejected,
                           int duplicates, long durationMillis) implements ImportJobEvent {
}
