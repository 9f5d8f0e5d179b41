package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An erasure reaches the import files that hold the member: the upload and report of the job that
 * registered them are deleted at once (the report answers 410), another job's files stay.
 */
class ImportErasureTest {

    @Test
    void erasing_an_imported_member_deletes_the_files_of_the_job_that_brought_them_in_and_no_others() {
        try (RunningRegistry registry = RunningRegistry.startFresh()) {
            Api api = registry.api();
            String admin = api.login(ADMIN, ADMIN_PASSWORD);
            String city = MemberSupport.cityId(api, admin);
            String district = ImportSupport.district(api, admin, city, "海沧区总工会");
            String[] union = ImportSupport.grassroots(api, admin, district, "厦门擦除测试有限公司工会");
            String dpo = MemberSupport.account(api, admin, "dpo.imports", "DPO", city);
            String first = ImportSupport.importAndWait(api, "/api/unions/" + union[0] + "/member-imports", union[1],
                    "名单.xlsx", MemberFiles.numbered(910_000, 2)).path("jobId").asText();
            String second = ImportSupport.importAndWait(api, "/api/unions/" + union[0] + "/member-imports", union[1],
                    "名单.xlsx", MemberFiles.numbered(910_100, 2)).path("jobId").asText();
            String member = registry.jdbc().queryForObject(
                    "select member_ids[1] from import_member_row where job_id = ?", String.class, first);

            Response erased = api.post("/api/members/" + member + "/erasure", dpo,
                    Map.of("legalBasis", "《个人信息保护法》第四十七条：本人撤回同意"));

            assertThat(erased.status()).as("%s", erased).isBetween(200, 204);
            ImportFiles files = registry.context().getBean(ImportFiles.class);
            assertThat(files.exists(first, ImportFiles.Part.UPLOAD)).isFalse();
            assertThat(files.exists(first, ImportFiles.Part.REPORT)).isFalse();
            assertThat(api.get("/api/imports/" + first + "/report.xlsx", union[1]).status()).isEqualTo(410);
            assertThat(files.exists(second, ImportFiles.Part.REPORT)).as("another job's files").isTrue();
        }
    }

}
