package cn.unioncard.registry.events.card;

/** What can happen to a bank return's run (its report), listed in one place. */
public sealed interface IssuanceRunEvent permits CardIssuanceRecorded {

    String runId();
}
