package cn.unioncard.registry.events.batch;

/** What submitting a batch answers; {@code leftOutUnauthorised} counts members "all pending" skipped for lack of consent. */
public record BatchSubmission(String batchId, int count, String contentHash, int leftOutUnauthorised) {
}
