package cn.unioncard.registry.events.das;

/** Everything that can happen to an offline report key. */
public sealed interface OfflineKeyEvent permits OfflineKeyIssued, OfflineKeyRevoked {

    String keyId();
}
