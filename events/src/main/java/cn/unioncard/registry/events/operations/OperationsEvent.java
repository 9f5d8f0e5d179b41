package cn.unioncard.registry.events.operations;

/**
 * What administrators did to the running system, kept as events of no aggregate so the trail shows
 * who did it. (A sealed interface lists only its own package's records, hence one per package.)
 */
public sealed interface OperationsEvent permits DeadLettersRetried, DeadLetterEvicted {
}
