package cn.unioncard.registry.events.operations;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * An administrator had a projection process its parked events again. The actor is in the
 * metadata like on every event; the counts say what the retry achieved.
 */
public record DeadLettersRetried(@NotPersonal("a processing group's name") String processingGroup,
                                 long processed, long remaining) implements OperationsEvent {
}
