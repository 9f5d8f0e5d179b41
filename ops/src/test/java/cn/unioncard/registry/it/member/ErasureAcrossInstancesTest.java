package cn.unioncard.registry.it.member;

import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.ops.database.DatabaseEndpoint;
import cn.unioncard.registry.testing.Eventually;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two registry instances on one database, sharing their keys as a deployment must: a member's key
 * that one instance has cached stops opening the member's data within moments of the other
 * instance erasing them, not when the cache expires.
 */
class ErasureAcrossInstancesTest {

    @Test
    void anErasureOnOneInstanceReachesTheOthersCache() throws Exception {
        Path secondDir = RunningRegistry.newDataDir();
        try (RunningRegistry first = RunningRegistry.startFresh()) {
            DatabaseEndpoint db = first.context().getBean(DatabaseEndpoint.class);
            try (RunningRegistry second = RunningRegistry.startOn(secondDir,
                    "registry.db.url=" + db.url(), "registry.db.user=" + db.user(),
                    "registry.db.password=" + db.password(), "registry.db.owner-user=" + db.ownerUser(),
                    "registry.db.owner-password=" + db.ownerPassword(),
                    "registry.privacy.master-key=" + key(first, "data-master.key"),
                    "registry.id-index-key=" + key(first, "id-index.key"))) {
                Api a = first.api();
                Api b = second.api();
                String admin = a.login(ADMIN, ADMIN_PASSWORD);
                String cityId = MemberSupport.cityId(a, admin);
                String district = MemberSupport.district(a, admin, cityId, "海沧区总工会")[0];
                MemberSupport.Grassroots union = MemberSupport.grassroots(a, admin, district, "厦门海沧两地测试有限公司工会",
                        "Operator-Password-T1");
                String dpoOnA = MemberSupport.account(a, admin, "dpo.two", "DPO", cityId);
                String dpoOnB = b.login("dpo.two", "Password-of-dpo.two");
                Response registered = a.post("/api/unions/" + union.id() + "/members", union.operator(),
                        MemberData.form("诸葛明远", ResidentIds.of("350205", LocalDate.of(1987, 9, 1), 28),
                                "13600001111").json());
                assertThat(registered.status()).as("%s", registered).isEqualTo(201);
                String member = registered.json().path("memberId").asText();

                // the second instance reads the member, and so holds the member's key in its cache
                assertThat(b.get("/api/members/" + member + "/history", dpoOnB).body()).contains("诸葛明远");

                assertThat(a.post("/api/members/" + member + "/erasure", dpoOnA,
                        Map.of("legalBasis", "本人申请删除（两地测试）")).status()).isEqualTo(204);

                assertThat(Eventually.eventually(5_000, () -> {
                    String history = b.get("/api/members/" + member + "/history", dpoOnB).body();
                    return history.contains("已删除") && !history.contains("诸葛明远");
                })).as("the second instance no longer opens the member's data").isTrue();
            }
        } finally {
            RunningRegistry.deleteQuietly(secondDir);
        }
    }

    private static String key(RunningRegistry registry, String file) throws Exception {
        return Files.readString(registry.dataDir().resolve(file)).trim();
    }
}
