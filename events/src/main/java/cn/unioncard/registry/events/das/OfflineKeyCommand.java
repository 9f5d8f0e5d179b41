package cn.unioncard.registry.events.das;

/** Everything one can ask of an offline report key (its events: {@link OfflineKeyEvent}). */
public sealed interface OfflineKeyCommand permits IssueOfflineKey, RevokeOfflineKey {

    String keyId();
}
