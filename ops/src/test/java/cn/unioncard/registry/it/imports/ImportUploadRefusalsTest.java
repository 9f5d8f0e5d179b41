package cn.unioncard.registry.it.imports;

import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.member.MemberSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An upload is refused before anything is stored or recorded: outside the caller's subtree (404), by
 * role (403), into a union of the wrong level (400), not as multipart (415), past the upload limit
 * (413, whether its length is declared or not), empty or without its file part (400). None of these
 * needs the spreadsheet reader. The upload limit here is 1 MB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportUploadRefusalsTest {

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String districtA;
    private String grassrootsA;
    private String operatorA;
    private String grassrootsB;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh(
                "registry.imports.max-upload=1MB");
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        districtA = ImportSupport.district(api, admin, city, "思明区总工会");
        String districtB = ImportSupport.district(api, admin, city, "湖里区总工会");
        String[] a = ImportSupport.grassroots(api, admin, districtA, "厦门导入甲有限公司工会");
        grassrootsA = a[0];
        operatorA = a[1];
        grassrootsB = ImportSupport.grassroots(api, admin, districtB, "厦门导入乙有限公司工会")[0];
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @AfterEach
    void nothingWasLeftBehind() {
        assertThat(ImportSupport.storedFiles(registry)).as("stored uploads").isZero();
        assertThat(ImportSupport.importEvents(registry)).as("import events").isZero();
        assertThat(registry.jdbc().queryForObject("select count(*) from import_job", Long.class)).isZero();
    }

    private static List<String> fields(Response problem) {
        return StreamSupport.stream(problem.json().path("errors").spliterator(), false)
                .map(e -> e.path("field").asText()).toList();
    }

    private static byte[] bytes(int size) {
        byte[] b = new byte[size];
        new java.util.Random(7).nextBytes(b);
        return b;
    }

    @Test
    void anOperatorUploadingIntoAnotherDistrictsUnionIsToldItDoesNotExist() {
        Response r = ImportSupport.upload(api, "/api/unions/" + grassrootsB + "/member-imports", operatorA, "会员.xlsx",
                bytes(100));
        assertThat(r.status()).as("%s", r).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anOperatorMayNotImportUnions() {
        Response r = ImportSupport.upload(api, "/api/unions/" + grassrootsA + "/union-imports", operatorA, "工会.xlsx",
                bytes(100));
        assertThat(r.status()).as("%s", r).isEqualTo(403);
        assertThat(r.json().path("detail").asText()).isEqualTo("您的角色不能导入基层工会");
    }

    @Test
    void membersAreNotImportedIntoADistrict() {
        Response r = ImportSupport.upload(api, "/api/unions/" + districtA + "/member-imports", admin, "会员.xlsx",
                bytes(100));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(fields(r)).containsExactly("unionId");
    }

    @Test
    void aJsonBodyIsRefusedAsTheWrongMediaType() {
        Response r = api.post("/api/unions/" + grassrootsA + "/member-imports", operatorA, "{\"file\":\"x\"}");
        assertThat(r.status()).as("%s", r).isEqualTo(415);
        assertThat(r.json().path("detail").asText()).contains("multipart/form-data");
    }

    @Test
    void anUploadOverTheLimitWithItsLengthDeclaredIsRefusedAs413Problem() {
        Response r = ImportSupport.upload(api, "/api/unions/" + grassrootsA + "/member-imports", operatorA, "大.xlsx",
                bytes(1536 * 1024));
        assertThat(r.status()).as("%s", r).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().path("detail").asText()).isEqualTo("上传的文件不能超过 1 MB");
    }

    @Test
    void aChunkedUploadOverTheLimitIsRefusedAs413ProblemToo() {
        String boundary = "----chunked" + UUID.randomUUID().toString().replace("-", "");
        byte[] body = ImportSupport.multipart(boundary, "file", "大.xlsx", bytes(1536 * 1024));
        Response r = api.send(api.request("/api/unions/" + grassrootsA + "/member-imports", operatorA)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertThat(r.status()).as("%s", r).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anEmptyFileIsRefusedNamingTheFilePart() {
        Response r = ImportSupport.upload(api, "/api/unions/" + grassrootsA + "/member-imports", operatorA, "空.xlsx",
                new byte[0]);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(fields(r)).containsExactly("file");
        assertThat(r.json().path("errors").get(0).path("message").asText()).isEqualTo("上传的文件是空的");
    }

    @Test
    void anUploadWithoutItsFilePartIsRefusedNamingIt() {
        Response r = ImportSupport.upload(api, "/api/unions/" + grassrootsA + "/member-imports", operatorA, "upload",
                "会员.xlsx", bytes(100));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(fields(r)).containsExactly("file");
    }
}
