package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job survives a stop of the registry in the middle (NEEDS THE READER AND THE BATCH HANDLER: passes
 * once both are merged): it resumes from its committed chunk after the restart, every person exists
 * once, the same file imported again adds nobody, and the chain verifies.
 */
class ImportCrashSafetyTest {

    static final int PEOPLE = 3000;
    static final String[] SMALL_CHUNKS = {"registry.imports.chunk-size=50"};

    @Test
    void aJobStoppedMidwayResumesAfterARestartAndNobodyIsImportedTwice() {
        Path dir = RunningRegistry.newDataDir();
        byte[] file = MemberFiles.numbered(700_000, PEOPLE);
        String grassroots;
        String jobId;
        RunningRegistry first = RunningRegistry.startOn(dir, SMALL_CHUNKS);
        try {
            Api api = first.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String district = ImportSupport.district(api, admin, MemberSupport.cityId(api, admin), "海沧区总工会");
            grassroots = ImportSupport.grassroots(api, admin, district, "厦门断点续传有限公司工会")[0];
            Response accepted = ImportSupport.upload(api, "/api/unions/" + grassroots + "/member-imports", admin,
                    "三千人.xlsx", file);
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
            jobId = accepted.json().path("jobId").asText();
            String job = jobId;
            assertThat(Eventually.eventually(60_000, () -> first.jdbc().queryForObject(
                    "select processed_through from import_job where job_id = ?", Integer.class, job) > 0))
                    .as("the job committed a first chunk").isTrue();
        } finally {
            first.close();
        }
        try (RunningRegistry second = RunningRegistry.startOn(dir, SMALL_CHUNKS)) {
            String job = jobId;
            assertThat(Eventually.eventually(120_000, () -> "DONE".equals(state(second, job))))
                    .as("the job resumed and finished").isTrue();
            assertThat(activeMembers(second, grassroots)).isEqualTo(PEOPLE);
            assertThat(second.jdbc().queryForObject(
                    "select count(distinct id_hash) from membership_lookup where union_id = ?", Long.class, grassroots))
                    .isEqualTo(PEOPLE);
            assertThat(second.jdbc().queryForObject("select count(*) from domain_event_entry "
                    + "where payload_type like '%.MemberRegistered'", Long.class)).as("one registration each")
                    .isEqualTo(PEOPLE);

            Api api = second.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            Response again = ImportSupport.upload(api, "/api/unions/" + grassroots + "/member-imports", admin,
                    "三千人.xlsx", file);
            assertThat(again.status()).as("%s", again).isEqualTo(202);
            String secondJob = again.json().path("jobId").asText();
            assertThat(Eventually.eventually(120_000, () -> "DONE".equals(state(second, secondJob)))).isTrue();
            assertThat(activeMembers(second, grassroots)).as("nobody created twice").isEqualTo(PEOPLE);

            assertThat(Eventually.eventually(30_000, () -> {
                Response verified = api.get("/api/audit/verify", admin);
                return verified.status() == 200 && verified.json().path("intact").asBoolean();
            })).as("the chain verifies").isTrue();
        } finally {
            RunningRegistry.deleteQuietly(dir);
        }
    }

    private static String state(RunningRegistry registry, String jobId) {
        return registry.jdbc().queryForObject("select state from import_job where job_id = ?", String.class, jobId);
    }

    private static long activeMembers(RunningRegistry registry, String unionId) {
        return registry.jdbc().queryForObject(
                "select count(*) from membership_lookup where union_id = ? and active", Long.class, unionId);
    }
}
