package cn.unioncard.registry.events.card;

import cn.unioncard.registry.events.privacy.NotPersonal;

import java.util.List;

/** A bank return for a batch was tried: every row's outcome (no numbers, no names), and the counts. */
public record CardIssuanceRecorded(@NotPersonal("an id") String runId,
                                   @NotPersonal("a batch id") String batchId,
                                   @NotPersonal("a union id") String unionId,
                                   @NotPersonal("json, xlsx or csv") String source,
                                   List<IssuanceResult> rows,
                                   int issued,
                                   int refused) implements IssuanceRunEvent {
}
