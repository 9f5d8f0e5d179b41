package cn.unioncard.registry.events.das;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a .das file says about itself ({@code manifest.json}): the signature covers these exact bytes,
 * and {@code payloadSha256} (hex) binds {@code members.jsonl} to them.
 */
@JsonPropertyOrder({"formatVersion", "unionSystemCode", "createdAt", "memberCount", "payloadSha256", "keyId"})
public record DasManifest(int formatVersion, String unionSystemCode, String createdAt, int memberCount,
                          String payloadSha256, String keyId) {
}
