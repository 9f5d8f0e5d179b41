package cn.unioncard.registry.ops;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryPropertiesTest {

    @Test
    void printedSettingsSayWhetherASecretIsSetButNeverShowIt() {
        RegistryProperties settings = new RegistryProperties(Path.of("./data"),
                new RegistryProperties.Db("jdbc:postgresql://db/registry", "app", "db-password-1", "owner", "db-password-2"),
                new RegistryProperties.Embedded(true, Duration.ofSeconds(1)),
                new RegistryProperties.Auth(Duration.ofHours(1), "jwt-secret-3"), "admin-password-4", "厦门市总工会",
                "id-index-key-5", new RegistryProperties.Chain(Duration.ofMillis(200), Duration.ofMinutes(1), "chain-key-6"),
                new RegistryProperties.Privacy("master-key-7", 10), new RegistryProperties.Idempotency(Duration.ofDays(1)),
                new RegistryProperties.Imports(DataSize.ofMegabytes(20), 1000, Duration.ofDays(7)), null);

        String printed = settings.toString();

        assertThat(printed).contains("jdbc:postgresql://db/registry", "PT1H", "cachedKeys=10", "masterKey set")
                .doesNotContain("db-password-1", "db-password-2", "jwt-secret-3", "admin-password-4", "id-index-key-5",
                        "chain-key-6", "master-key-7");
        assertThat(new RegistryProperties.Privacy(null, 1).toString()).contains("masterKey unset");
    }
}
