package cn.unioncard.registry.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;

/**
 * The registry's own settings, every {@code registry.*} one (application.yml; environment
 * variables such as REGISTRY_DB_URL bind to them by Spring's relaxed rules). The defaults here
 * hold when application.yml does not give one. An empty key setting means: the key file in the
 * data directory.
 */
@ConfigurationProperties("registry")
public record RegistryProperties(@DefaultValue("./data") Path dataDir, Db db, Embedded embedded, Auth auth,
                                 String adminPassword, @DefaultValue("厦门市总工会") String cityName,
                                 String idIndexKey, @DefaultValue Chain chain, @DefaultValue Privacy privacy,
                                 @DefaultValue Idempotency idempotency, @DefaultValue Imports imports,
                                 @DefaultValue Alerts alerts) {

    public record Db(String url, String user, String password, String ownerUser, String ownerPassword) {
        public boolean external() {
            return url != null && !url.isBlank();
        }

        @Override
        public String toString() {
            return "Db[url=" + url + ", user=" + user + ", ownerUser=" + ownerUser + ", passwords hidden]";
        }
    }

    /** {@code restartDelay}: how long a dead embedded server stays down before the watchdog starts it again. */
    public record Embedded(boolean fsync, Duration restartDelay) {
    }

    public record Auth(Duration tokenTtl, String jwtSecret) {
        @Override
        public String toString() {
            return "Auth[tokenTtl=" + tokenTtl + ", jwtSecret " + shown(jwtSecret) + "]";
        }
    }

    /** How often committed events are sealed and the head signed (a bare number is milliseconds). */
    public record Chain(@DefaultValue("200") Duration sealInterval, @DefaultValue("60000") Duration checkpointInterval,
                        String signingKey) {
        @Override
        public String toString() {
            return "Chain[sealInterval=" + sealInterval + ", checkpointInterval=" + checkpointInterval
                    + ", signingKey " + shown(signingKey) + "]";
        }
    }

    /** {@code cachedKeys}: unwrapped data keys kept in memory. */
    public record Privacy(String masterKey, @DefaultValue("200000") long cachedKeys) {
        @Override
        public String toString() {
            return "Privacy[masterKey " + shown(masterKey) + ", cachedKeys=" + cachedKeys + "]";
        }
    }

    /** How long the answer to a request with an Idempotency-Key is kept for its retries. */
    public record Idempotency(@DefaultValue("P1D") Duration retention) {
    }

    /**
     * Imports: the largest upload accepted (the multipart limits are made from it), rows per unit of work, and
     * how long an import's files (the upload and its report, encrypted) are kept before they are deleted.
     */
    public record Imports(@DefaultValue("20MB") DataSize maxUpload, @DefaultValue("1000") int chunkSize,
                          @DefaultValue("P7D") Duration retention) {
    }

    /**
     * The DPO's alert rules (README "Audit workbench — denials and alerts"): more than {@code revealThreshold}
     * members revealed by one actor within {@code revealWindow}; any read outside {@code workingHours} on
     * {@code workingDays} (Asia/Shanghai); exports naming more than {@code exportThreshold} members by one actor
     * in a day; {@code denialThreshold} or more denials by one actor or address within {@code denialWindow}.
     */
    public record Alerts(@DefaultValue("50") int revealThreshold, @DefaultValue("PT1H") Duration revealWindow,
                         @DefaultValue("07:00-21:00") String workingHours,
                         @DefaultValue("MONDAY-SATURDAY") String workingDays,
                         @DefaultValue("1000") int exportThreshold, @DefaultValue("10") int denialThreshold,
                         @DefaultValue("PT10M") Duration denialWindow) {
    }

    /** Secrets never print: a settings object in a log line or a failure message shows only whether they are set. */
    @Override
    public String toString() {
        return "RegistryProperties[dataDir=" + dataDir + ", db=" + db + ", embedded=" + embedded + ", auth=" + auth
                + ", adminPassword " + shown(adminPassword) + ", cityName=" + cityName + ", idIndexKey "
                + shown(idIndexKey) + ", chain=" + chain + ", privacy=" + privacy + ", idempotency=" + idempotency
                + ", imports=" + imports + ", alerts=" + alerts + "]";
    }

    private static String shown(String secret) {
        return unset(secret) ? "unset" : "set";
    }

    /** Whether a key setting is empty, so that the key comes from its file in the data directory. */
    public static boolean unset(String key) {
        return key == null || key.isBlank();
    }
}
