package cn.unioncard.registry.events.das;

/**
 * A key that signs .das manifests without handing out its private half: the registry's own key (kept by
 * ops) signs the files it makes for unions that work online, and the query side sees only this.
 */
public interface DasSigner {

    /** The id written into the manifest's {@code keyId}. */
    String keyId();

    /** The Ed25519 signature (64 bytes) over {@code bytes}. */
    byte[] sign(byte[] bytes);
}
