package cn.unioncard.registry.events.operations;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * An administrator decided that a parked event can never be projected and removed it from the
 * projection's dead letters. The event itself stays in the store; only the projection skips it.
 */
public record DeadLetterEvicted(@NotPersonal("a processing group's name") String processingGroup,
                                @NotPersonal("an event id") String eventId,
                                @NotPersonal("a class name") String payloadType,
                                @NotPersonal("the administrator's own statement: evidence about the administrator")
                                String reason) implements OperationsEvent {
}
