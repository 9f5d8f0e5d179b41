package cn.unioncard.registry.events.integrity;

/** The chain hash recorded for the event at {@code globalIndex}, and which event it was. */
public record Seal(long globalIndex, String eventIdentifier, byte[] hash) {
}
