package cn.unioncard.registry.privacy;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-GCM as the registry uses it: a fresh random 96-bit nonce per message, stored in front of
 * the ciphertext and its 128-bit tag; associated data binds a ciphertext to where it belongs.
 *
 * <p>A {@link Cipher} is not thread-safe and costly to look up (a provider search per call), so each
 * thread keeps one and re-initialises it for every message with that message's key and fresh
 * nonce; {@code init} discards whatever state the previous message (or a failed one) left.
 */
final class Gcm {

    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/GCM/NoPadding is not available", e);
        }
    });

    private Gcm() {
    }

    static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
        byte[] nonce = new byte[NONCE];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] sealed = new byte[NONCE + c.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, sealed, 0, NONCE);
            int written = c.doFinal(plaintext, 0, plaintext.length, sealed, NONCE);
            return written == sealed.length - NONCE ? sealed : Arrays.copyOf(sealed, NONCE + written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Decrypts and authenticates; a changed byte or the wrong key or place fails. */
    static byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
        if (sealed.length < NONCE + TAG_BITS / 8) {
            throw new IllegalStateException("AES-GCM message too short");
        }
        try {
            Cipher c = CIPHER.get();
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE));
            c.updateAAD(aad);
            return c.doFinal(sealed, NONCE, sealed.length - NONCE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed (altered data or wrong key)", e);
        }
    }
}
