package cn.unioncard.registry.it.das;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.MemberWorkbooks;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.ops.das.MakeOfflineReport;
import cn.unioncard.registry.testing.Eventually;
import cn.unioncard.registry.testing.MemberData;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An offline report whose import completed but whose follow-up (authorisations, batch) never ran, as when
 * the registry stops between the two, is followed up at the next start, acting for the importing reviewer.
 */
class OfflineReportCatchUpTest {

    @Test
    void a_report_whose_follow_up_was_cut_short_after_its_batch_is_finished_at_the_next_start_as_submitted() throws Exception {
        Path dir = RunningRegistry.newDataDir();
        String jobId;
        List<String> members;
        try (RunningRegistry first = RunningRegistry.startOn(dir)) {
            Api api = first.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String city = MemberSupport.cityId(api, admin);
            String district = api.post("/api/unions", admin, Forms.district(city, "同安区总工会")).json()
                    .path("unionId").asText();
            String union = api.post("/api/unions", admin, Forms.minimalGrassroots(district, "厦门续办测试有限公司工会"))
                    .json().path("unionId").asText();
            String reviewer = MemberSupport.account(api, admin, "reviewer.catchup", "DISTRICT_REVIEWER", district);
            String keyFile = api.post("/api/unions/" + union + "/offline-keys", reviewer, Map.of()).json()
                    .path("keyFile").asText();
            Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", report(keyFile));
            assertThat(r.status()).as("%s", r).isEqualTo(202);
            jobId = r.json().path("jobId").asText();
            String job = jobId;
            assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING")
                    .contains(state(first, job)))).isTrue();
            members = first.jdbc().queryForList("select aggregate_identifier from domain_event_entry where payload_type "
                    + "like '%.MemberAuthorisationRecorded'", String.class);
            assertThat(members).hasSize(2);
            // As if the registry had stopped after the batch was submitted, before the report said so.
            first.jdbc().update("update offline_report set state = 'SUBMITTING' where job_id = ?", jobId);
        }
        try (RunningRegistry second = RunningRegistry.startOn(dir)) {
            String job = jobId;
            assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING")
                    .contains(state(second, job)))).as("followed up at start").isTrue();
            // Consent recorded once (not again: that would bump the members under their open batch), and the
            // batch the first run submitted makes the report SUBMITTED, not REFUSED as a batch submitted twice.
            assertThat(state(second, job)).isEqualTo("SUBMITTED");
            for (String member : members) {
                assertThat(second.jdbc().queryForObject("select count(*) from domain_event_entry where "
                        + "aggregate_identifier = ? and payload_type like '%.MemberAuthorisationRecorded' and "
                        + "convert_from(meta_data, 'UTF8') like '%reviewer.catchup%'", Long.class, member))
                        .isEqualTo(1);
            }
        } finally {
            RunningRegistry.deleteQuietly(dir);
        }
    }

    private static String state(RunningRegistry registry, String jobId) {
        return registry.jdbc().queryForObject("select state from offline_report where job_id = ?", String.class, jobId);
    }

    private static byte[] report(String keyFile) throws Exception {
        Path dir = Files.createTempDirectory("das-catch-up");
        try {
            MemberWorkbooks.write(dir.resolve("filled.xlsx"), 2, n -> MemberData.numbered(830_000 + n));
            Files.writeString(dir.resolve("union.key"), keyFile);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = MakeOfflineReport.run(new String[] {"--template", dir.resolve("filled.xlsx").toString(),
                    "--key", dir.resolve("union.key").toString(), "--out", dir.resolve("report.das").toString(),
                    "--authorised-on", java.time.LocalDate.now(java.time.ZoneOffset.ofHours(8)).toString()},
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Clock.systemUTC());
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            return Files.readAllBytes(dir.resolve("report.das"));
        } finally {
            RunningRegistry.deleteQuietly(dir);
        }
    }
}
