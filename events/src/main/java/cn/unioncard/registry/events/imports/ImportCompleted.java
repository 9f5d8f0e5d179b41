package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** The job is DONE: its totals over every chunk and how long it ran since it was queued. */
@NotPersonal("counts and a duration")
public record ImportCompleted(String jobId, int total, int accepted, int rejected, int duplicates,
                              long durationMillis) implements ImportJobEvent {
}
