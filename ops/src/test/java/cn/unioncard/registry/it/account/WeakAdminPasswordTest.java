package cn.unioncard.registry.it.account;

import cn.unioncard.registry.it.RunningRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The password rules hold for the first password too: a weak REGISTRY_ADMIN_PASSWORD stops the first start. */
class WeakAdminPasswordTest {

    @Test
    void aCommonAdminPasswordStopsTheFirstStartNamingTheRuleButNotThePassword() {
        Path dataDir = RunningRegistry.newDataDir();
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> RunningRegistry.run(dataDir, "registry.admin-password=Password123").close())
                    .isInstanceOf(Exception.class);
        } finally {
            System.setErr(original);
            RunningRegistry.deleteQuietly(dataDir);
        }
        String stderr = captured.toString(StandardCharsets.UTF_8);
        List<String> lines = stderr.lines().filter(l -> l.startsWith("registry did not start:")).toList();
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).contains("REGISTRY_ADMIN_PASSWORD", "password.too-common");
        assertThat(stderr).doesNotContain("Password123");
    }
}
