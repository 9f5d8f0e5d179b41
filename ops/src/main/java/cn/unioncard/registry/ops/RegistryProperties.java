package cn.unioncard.registry.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The registry's own settings (application.yml; environment variables such as REGISTRY_DB_URL
 * bind to them by Spring's relaxed rules).
 */
@ConfigurationProperties("registry")
public record RegistryProperties(Path dataDir, Db db, Embedded embedded, Auth auth, String adminPassword) {

    public record Db(String url, String user, String password, String ownerUser, String ownerPassword) {
        public boolean external() {
            return url != null && !url.isBlank();
        }
    }

    /** {@code restartDelay}: how long a dead embedded server stays down before the watchdog starts it again. */
    public record Embedded(boolean fsync, Duration restartDelay) {
    }

    public record Auth(Duration tokenTtl, String jwtSecret) {
    }
}
