package cn.unioncard.registry.privacy;

import cn.unioncard.registry.command.member.IdNumberIndexKey;
import cn.unioncard.registry.ops.KeyFiles;
import cn.unioncard.registry.ops.RegistryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Gives the one-membership index its key: {@code registry.id-index-key} (base64) if set, else 32
 * random bytes generated once into {@code <data-dir>/id-index.key}, owner-only. Not derived from the
 * master key: existing data directories keep the hashes they have.
 */
@Configuration(proxyBeanMethods = false)
class IdNumberIndexKeys {

    @Bean
    IdNumberIndexKey idNumberIndexKey(RegistryProperties properties) {
        return of(properties.dataDir(), properties.idIndexKey());
    }

    static IdNumberIndexKey of(Path dataDir, String configured) {
        String encoded = RegistryProperties.unset(configured) ? KeyFiles.readOrCreate(dataDir.resolve("id-index.key"),
                () -> {
                    byte[] k = new byte[32];
                    new SecureRandom().nextBytes(k);
                    return Base64.getEncoder().encodeToString(k);
                }) : configured.trim();
        return new IdNumberIndexKey(Base64.getDecoder().decode(encoded));
    }
}
