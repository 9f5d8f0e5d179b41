package cn.unioncard.registry.events.das;

import java.security.PublicKey;

/**
 * The public half of the registry's own .das key (kept by ops), so an import can tell a file the registry
 * made (its manifest's {@code keyId} is this key's) and check its signature: no union holds that key.
 */
public interface RegistryDasKey {

    /** {@code registry-} and the first 16 hex digits of the SHA-256 of the encoded public key. */
    String keyId();

    PublicKey publicKey();
}
