package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.ops.KeyFiles;
import cn.unioncard.registry.ops.RegistryProperties;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The token signing key: REGISTRY_JWT_SECRET if set (base64, at least 32 bytes), else a
 * random key generated once into the data directory, readable by the owner only. Never in the
 * repository.
 */
@Component
class SigningSecret {

    private final byte[] bytes;

    SigningSecret(RegistryProperties properties) {
        String configured = properties.auth() == null ? null : properties.auth().jwtSecret();
        this.bytes = RegistryProperties.unset(configured)
                ? loadOrCreate(properties.dataDir().resolve("jwt-signing.key"))
                : decode(configured);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    private static byte[] decode(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.trim());
        if (key.length < 32) {
            throw new IllegalStateException("REGISTRY_JWT_SECRET must be base64 of at least 32 bytes");
        }
        return key;
    }

    private static byte[] loadOrCreate(Path file) {
        return decode(KeyFiles.readOrCreate(file, () -> {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            return Base64.getEncoder().encodeToString(key);
        }));
    }
}
