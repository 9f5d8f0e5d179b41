package cn.unioncard.registry.it;

import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** Bearer tokens a hostile client makes from a real one: signed with another key, expired, or unsigned. */
final class HostileTokens {

    private HostileTokens() {
    }

    /** The same claims signed HS256 with a random key. */
    static String forged(String token) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return resigned(token, Map.of(), key);
    }

    /** The same claims an hour past their expiry, signed with the registry's own key (from its data directory). */
    static String expired(String token, Path dataDir) {
        try {
            byte[] key = Base64.getDecoder().decode(Files.readString(dataDir.resolve("jwt-signing.key"),
                    StandardCharsets.US_ASCII).trim());
            long past = Instant.now().minusSeconds(3600).getEpochSecond();
            return resigned(token, Map.of("exp", past, "iat", past - 3600), key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same claims under {@code alg: none} with no signature. */
    static String unsigned(String token) {
        String[] parts = token.split("\\.");
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
    }

    private static String resigned(String token, Map<String, Object> changes, byte[] key) {
        try {
            String[] parts = token.split("\\.");
            ObjectNode claims = (ObjectNode) Api.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            changes.forEach(claims::putPOJO);
            String signingInput = parts[0] + "." + b64(Api.JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + b64(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
