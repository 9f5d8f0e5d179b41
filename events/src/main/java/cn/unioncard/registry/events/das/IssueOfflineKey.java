package cn.unioncard.registry.events.das;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Register a new offline report key for a grassroots union: only its public key (X.509, base64) reaches
 * the registry's messages; the private key is handed to the caller once and kept nowhere.
 */
public record IssueOfflineKey(@TargetAggregateIdentifier String keyId, String unionId, String publicKey)
        implements OfflineKeyCommand {
}
