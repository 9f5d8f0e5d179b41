package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.UnionWorkbooks;
import cn.unioncard.registry.it.member.MemberSupport;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A district reviewer imports a 附件2 file over HTTP: the job runs to DONE with exact counts, the district's
 * union list shows exactly the valid rows' unions, each registered with the file's job and row in its
 * history, and the same file imported again registers nobody.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnionImportFlowTest {

    private RunningRegistry registry;
    private Api api;
    private String district;
    private String reviewer;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        String admin = api.login(ADMIN, ADMIN_PASSWORD);
        district = ImportSupport.district(api, admin, MemberSupport.cityId(api, admin), "翔安区总工会");
        reviewer = MemberSupport.account(api, admin, "reviewer.xiangan", "DISTRICT_REVIEWER", district);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    /** Rows 2–6: three valid unions, one without its address (starred), one repeating row 2's name. */
    static byte[] fiveRows(String districtId) throws Exception {
        Map<String, Object> noAddress = Forms.minimalGrassroots(districtId, "厦门丁公司工会委员会");
        noAddress.remove("address");
        return UnionWorkbooks.bytes(List.of(
                Forms.fullGrassroots(districtId, "厦门甲公司工会委员会"),
                Forms.minimalGrassroots(districtId, "厦门乙公司工会委员会"),
                Forms.minimalGrassroots(districtId, "厦门丙公司工会委员会"),
                noAddress,
                Forms.minimalGrassroots(districtId, "厦门甲公司工会委员会")));
    }

    private JsonNode importFile(byte[] file) {
        return ImportSupport.importAndWait(api, "/api/unions/" + district + "/union-imports", reviewer, "附件2.xlsx",
                file);
    }

    private List<String> unionNames() {
        Response page = api.get("/api/unions?parentId=" + district + "&size=50", reviewer);
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        return StreamSupport.stream(page.json().path("items").spliterator(), false)
                .map(u -> u.path("name").asText()).toList();
    }

    @Test
    void a_district_imports_its_unions_once_and_a_second_import_of_the_file_registers_nobody() throws Exception {
        byte[] file = fiveRows(district);

        JsonNode first = importFile(file);
        assertThat(List.of(first.path("total").asInt(), first.path("accepted").asInt(),
                first.path("rejected").asInt(), first.path("duplicates").asInt())).containsExactly(5, 3, 1, 1);
        assertThat(unionNames()).containsExactlyInAnyOrder("厦门甲公司工会委员会", "厦门乙公司工会委员会",
                "厦门丙公司工会委员会");
        assertThat(registry.jdbc().queryForObject("select count(*) from domain_event_entry "
                + "where payload_type like '%.UnionRegistered' and convert_from(meta_data, 'UTF8') like ?",
                Long.class, "%" + first.path("jobId").asText() + "%")).as("registrations naming the job").isEqualTo(3);
        assertThat(registry.jdbc().queryForObject("select count(*) from account_credential where username in "
                + "(select system_code from union_lookup where parent_id = ?)", Long.class, district))
                .as("an operator account per imported union").isEqualTo(3);

        JsonNode again = importFile(file);
        assertThat(List.of(again.path("total").asInt(), again.path("accepted").asInt(),
                again.path("rejected").asInt(), again.path("duplicates").asInt())).containsExactly(5, 0, 1, 4);
        assertThat(unionNames()).hasSize(3);
    }
}
