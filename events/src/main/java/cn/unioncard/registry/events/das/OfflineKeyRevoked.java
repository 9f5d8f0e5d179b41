package cn.unioncard.registry.events.das;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** Files signed with the key are refused from now on; {@code replacedBy} names the key issued in its place, if any. */
@NotPersonal("key ids and a union id")
public record OfflineKeyRevoked(String keyId, String unionId, String replacedBy) implements OfflineKeyEvent {
}
