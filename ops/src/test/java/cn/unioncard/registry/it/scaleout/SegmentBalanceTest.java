package cn.unioncard.registry.it.scaleout;

import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import cn.unioncard.registry.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two registries on one database split the streaming projections' segments between them instead of
 * the first keeping them all, and when one stops the other takes every segment back.
 */
class SegmentBalanceTest {

    @Test
    void two_registries_share_the_segments_and_one_takes_them_all_when_the_other_stops() throws Exception {
        Path secondDir = RunningRegistry.newDataDir();
        try (RunningRegistry first = RunningRegistry.startFresh()) {
            DatabaseEndpoint db = first.context().getBean(DatabaseEndpoint.class);
            RunningRegistry second = RunningRegistry.startOn(secondDir,
                    "registry.db.url=" + db.url(), "registry.db.user=" + db.user(),
                    "registry.db.password=" + db.password(), "registry.db.owner-user=" + db.ownerUser(),
                    "registry.db.owner-password=" + db.ownerPassword(),
                    "registry.privacy.master-key=" + key(first, "data-master.key"),
                    "registry.id-index-key=" + key(first, "id-index.key"));
            try {
                assertThat(Eventually.eventually(60_000, () -> owners(first, "access-log").size() == 2
                        && owners(first, "access-log").values().stream().allMatch(n -> n == 2)))
                        .as("the access log's 4 segments end 2 and 2: %s", owners(first, "access-log")).isTrue();
                assertThat(owners(first, "accounts")).as("every group is shared out").hasSize(2);
            } finally {
                second.close();
            }
            assertThat(Eventually.eventually(40_000, () -> owners(first, "access-log").size() == 1
                    && owners(first, "access-log").values().stream().allMatch(n -> n == 4)))
                    .as("the remaining registry holds all 4 again: %s", owners(first, "access-log")).isTrue();
        } finally {
            RunningRegistry.deleteQuietly(secondDir);
        }
    }

    /** Owner → segments held, of one group. */
    private static Map<String, Integer> owners(RunningRegistry registry, String group) {
        List<Map<String, Object>> rows = registry.jdbc().queryForList(
                "select owner, count(*) as n from token_entry where processor_name = ? and owner is not null "
                        + "group by owner", group);
        return rows.stream().collect(java.util.stream.Collectors.toMap(r -> (String) r.get("owner"),
                r -> ((Number) r.get("n")).intValue()));
    }

    private static String key(RunningRegistry registry, String file) throws Exception {
        return Files.readString(registry.dataDir().resolve(file)).trim();
    }
}
