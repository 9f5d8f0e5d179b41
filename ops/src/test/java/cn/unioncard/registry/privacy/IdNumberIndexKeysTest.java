package cn.unioncard.registry.privacy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-membership index's key: the file an existing data directory already has (same name,
 * same base64 content), or the configured {@code registry.id-index-key}.
 */
class IdNumberIndexKeysTest {

    @TempDir
    Path dataDir;

    @Test
    void theGeneratedKeyIsPrivateAndKeptAcrossRestarts() throws Exception {
        byte[] first = IdNumberIndexKeys.of(dataDir, "").bytes();
        Path keyFile = dataDir.resolve("id-index.key");
        assertThat(keyFile).exists();
        assertThat(Files.getPosixFilePermissions(keyFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).trim())).hasSize(32).isEqualTo(first);

        // A restart reads the same key; another installation has its own.
        assertThat(IdNumberIndexKeys.of(dataDir, null).bytes()).isEqualTo(first);
        assertThat(IdNumberIndexKeys.of(dataDir.resolve("other"), "").bytes()).isNotEqualTo(first);
    }

    @Test
    void aConfiguredKeyIsUsedAsGivenAndNoFileIsMade() {
        byte[] key = new byte[32];
        key[0] = 7;
        String configured = " " + Base64.getEncoder().encodeToString(key) + "\n";

        assertThat(IdNumberIndexKeys.of(dataDir, configured).bytes()).isEqualTo(key);
        assertThat(dataDir.resolve("id-index.key")).doesNotExist();
    }
}
