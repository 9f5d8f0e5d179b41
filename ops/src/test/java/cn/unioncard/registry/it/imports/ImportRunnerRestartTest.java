package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Role;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.StartImport;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.Eventually;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner finds its jobs in the command side's job table: a job queued before a restart is taken
 * up at the next start, acting for its uploader, and one whose upload is gone is FAILED with what was
 * committed (nothing) rather than left queued for ever. No spreadsheet is read here.
 */
class ImportRunnerRestartTest {

    @Test
    void aJobQueuedBeforeARestartWhoseUploadIsGoneIsFailedAtTheNextStart() {
        Path dir = RunningRegistry.newDataDir();
        String jobId = "job-restart-1";
        // First run: the runner is stopped before the job is queued (as on an instance that crashes between
        // the job's commit and its first chunk), so only the next start can take the job up.
        try (RunningRegistry first = RunningRegistry.startOn(dir)) {
            List<org.springframework.context.SmartLifecycle> runners = first.context()
                    .getBeansOfType(org.springframework.context.SmartLifecycle.class).values().stream()
                    .filter(b -> b.getClass().getSimpleName().equals("ImportRunner")).toList();
            assertThat(runners).hasSize(1);
            runners.forEach(org.springframework.context.SmartLifecycle::stop);
            Api api = first.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String district = ImportSupport.district(api, admin, MemberSupport.cityId(api, admin), "翔安区总工会");
            String grassroots = ImportSupport.grassroots(api, admin, district, "厦门重启测试有限公司工会")[0];
            Actor uploader = new Actor(ADMIN, Role.CITY_ADMIN, MemberSupport.cityId(api, admin), "127.0.0.1",
                    "corr-restart", null);
            first.context().getBean(CommandGateway.class).sendAndWait(GenericCommandMessage.asCommandMessage(
                    new StartImport(jobId, ImportKind.MEMBERS, grassroots, "会员.xlsx", "00".repeat(32), 10,
                            first.context().getBean(ImportFiles.class).storeId()))
                    .andMetaData(AuditMetadata.of(uploader)));
            assertThat(state(first, jobId)).isEqualTo("QUEUED");
        }
        try (RunningRegistry second = RunningRegistry.startOn(dir)) {
            assertThat(Eventually.eventually(30_000, () -> "FAILED".equals(state(second, jobId))))
                    .as("the queued job was taken up at start").isTrue();
            String failed = second.jdbc().queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                    + "where aggregate_identifier = ? and payload_type like '%.ImportFailed'", String.class, jobId);
            assertThat(failed).contains("upload-missing");
            String actor = second.jdbc().queryForObject("select convert_from(meta_data, 'UTF8') from domain_event_entry "
                    + "where aggregate_identifier = ? and payload_type like '%.ImportFailed'", String.class, jobId);
            assertThat(actor).as("acting for the uploader").contains("\"actor.user\":\"" + ADMIN + "\"")
                    .contains("CITY_ADMIN");
        } finally {
            RunningRegistry.deleteQuietly(dir);
        }
    }

    private static String state(RunningRegistry registry, String jobId) {
        return registry.jdbc().queryForObject("select state from import_job where job_id = ?", String.class, jobId);
    }
}
