package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.events.imports.ImportFiles;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An accepted upload (NEEDS THE SPREADSHEET READER: passes once ImportSheet is merged): 202 with the
 * job's address, the file stored as uploaded and hashed, a file that is no spreadsheet refused with
 * nothing left behind, and a retried upload with the same Idempotency-Key answered with the first job.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportUploadAcceptedTest {

    private RunningRegistry registry;
    private Api api;
    private String grassroots;
    private String operator;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        String district = ImportSupport.district(api, admin, MemberSupport.cityId(api, admin), "集美区总工会");
        String[] g = ImportSupport.grassroots(api, admin, district, "厦门上传测试有限公司工会");
        grassroots = g[0];
        operator = g[1];
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private long uploads() {
        try (var files = Files.list(registry.dataDir().resolve("imports"))) {
            return files.filter(f -> f.toString().endsWith(".upload")).count();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private String path() {
        return "/api/unions/" + grassroots + "/member-imports";
    }

    @Test
    void anAcceptedUploadIsQueuedAtItsJobsAddressWithTheFileStoredAndHashed() throws Exception {
        byte[] file = MemberFiles.numbered(900_000, 3);
        Response r = ImportSupport.upload(api, path(), operator, "三人.xlsx", file);

        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String jobId = r.json().path("jobId").asText();
        assertThat(r.json().path("state").asText()).isEqualTo("QUEUED");
        assertThat(r.header("Location")).contains("/api/imports/" + jobId);
        try (var stored = registry.context().getBean(ImportFiles.class).open(jobId, ImportFiles.Part.UPLOAD)) {
            assertThat(stored.readAllBytes()).isEqualTo(file);
        }
        String payload = registry.jdbc().queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 0", String.class, jobId);
        assertThat(payload).contains(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)))
                .contains("三人.xlsx");
    }

    @Test
    void aFileThatIsNoSpreadsheetIsRefusedWithNothingLeftBehind() {
        long files = ImportSupport.storedFiles(registry);
        long events = ImportSupport.importEvents(registry);
        Response r = ImportSupport.upload(api, path(), operator, "名单.xlsx",
                "姓名,证件号码\n张三,11010519491231002X\n".getBytes(StandardCharsets.UTF_8));

        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(ImportSupport.storedFiles(registry)).isEqualTo(files);
        assertThat(ImportSupport.importEvents(registry)).isEqualTo(events);
    }

    @Test
    void aRetriedUploadWithTheSameKeyAnswersTheFirstJobAndKeepsOneFile() {
        byte[] file = MemberFiles.numbered(900_100, 2);
        String key = UUID.randomUUID().toString();
        long uploads = uploads();
        long jobs = registry.jdbc().queryForObject("select count(*) from import_job", Long.class);
        Response first = ImportSupport.upload(api, path(), operator, "两人.xlsx", file, "Idempotency-Key", key);
        Response retry = ImportSupport.upload(api, path(), operator, "两人.xlsx", file, "Idempotency-Key", key);

        assertThat(first.status()).as("%s", first).isEqualTo(202);
        assertThat(retry.status()).as("%s", retry).isEqualTo(202);
        assertThat(retry.json().path("jobId").asText()).isEqualTo(first.json().path("jobId").asText());
        assertThat(uploads() - uploads).as("uploads stored").isEqualTo(1);
        assertThat(registry.jdbc().queryForObject("select count(*) from import_job", Long.class) - jobs).isEqualTo(1);
        Response other = ImportSupport.upload(api, path(), operator, "两人.xlsx", MemberFiles.numbered(900_200, 1),
                "Idempotency-Key", key);
        assertThat(other.status()).as("another file under the same key").isEqualTo(422);
    }
}
