package cn.unioncard.registry.events.das;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** A key was issued to a grassroots union; the registry keeps its public half only. The issuer is in the metadata. */
@NotPersonal("a key id, a union id and a public key")
public record OfflineKeyIssued(String keyId, String unionId, String publicKey) implements OfflineKeyEvent {
}
