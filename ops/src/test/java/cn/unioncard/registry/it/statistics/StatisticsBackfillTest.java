package cn.unioncard.registry.it.statistics;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.MemberData;
import cn.unioncard.registry.testing.ResidentIds;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.Map;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A registry whose events were stored before the statistics existed (here: tables emptied, as V24 finds
 * an older registry) fills them from its events at the next start, to the figures it would have kept.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsBackfillTest {

    private final Path dataDir = RunningRegistry.newDataDir();

    @AfterAll
    void cleanUp() {
        RunningRegistry.deleteQuietly(dataDir);
    }

    @Test
    void a_start_fills_empty_statistics_from_the_stored_events() {
        JsonNode before;
        try (RunningRegistry first = RunningRegistry.startOn(dataDir)) {
            Api api = first.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String cityId = MemberSupport.cityId(api, admin);
            Response district = api.post("/api/unions", admin, Forms.district(cityId, "湖里区总工会"));
            String districtId = district.json().path("unionId").asText();
            Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(districtId, "厦门湖里物流有限公司工会"));
            String union = g.json().path("unionId").asText();
            for (int n = 0; n < 3; n++) {
                Response created = api.post("/api/unions/" + union + "/members", admin,
                        MemberData.form("会员" + "甲乙丙".charAt(n), ResidentIds.fresh(), "1395920174" + n).json());
                assertThat(created.status()).as("%s", created).isEqualTo(201);
                if (n == 0) {
                    api.post("/api/members/" + created.json().path("memberId").asText() + "/authorisation", admin,
                            Map.of("receivedOn", "2026-11-20", "scanReference", "SQ-1"));
                }
            }
            before = api.get("/api/statistics", admin).json();
            assertThat(before.path("total").path("members").path("registered").asLong()).isEqualTo(3);
            first.tamper("delete from statistics_count", "delete from statistics_member", "delete from statistics_union");
            assertThat(api.get("/api/statistics", admin).status()).isEqualTo(404);
        }
        try (RunningRegistry second = RunningRegistry.startOn(dataDir)) {
            Api api = second.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            assertThat(api.get("/api/statistics", admin).json()).isEqualTo(before);
        }
    }
}
