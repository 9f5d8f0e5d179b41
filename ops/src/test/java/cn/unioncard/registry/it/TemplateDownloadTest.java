package cn.unioncard.registry.it;

import cn.unioncard.registry.it.member.MemberSupport;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/** The four templates downloaded over HTTP: any signed-in role gets the workbook, nobody else. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateDownloadTest {

    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    /** Path, Chinese file name, first sheet. */
    private static final List<List<String>> TEMPLATES = List.of(
            List.of("/api/templates/member-import.xlsx", "会员信息录入模板.xlsx", "会员信息"),
            List.of("/api/templates/union-import.xlsx", "基层工会信息录入模板.xlsx", "基层工会信息"),
            List.of("/api/templates/member-form.xlsx", "附件1 工会会员信息采集表.xlsx", "工会会员信息采集表"),
            List.of("/api/templates/union-form.xlsx", "附件2 基层工会信息采集表.xlsx", "基层工会信息采集表"));

    private RunningRegistry registry;
    private String admin;
    private String bank;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        Api api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        bank = MemberSupport.account(api, admin, "template.bank", "BANK_OPERATOR", MemberSupport.cityId(api, admin));
    }

    @AfterAll
    void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void every_signed_in_role_downloads_each_template_as_an_xlsx_attachment_poi_opens() throws IOException {
        long events = registry.eventCount();
        for (List<String> t : TEMPLATES) {
            List<byte[]> bodies = new ArrayList<>();
            for (String token : List.of(admin, bank)) {
                HttpResponse<byte[]> r = get(t.get(0), token);
                assertThat(r.statusCode()).as(t.get(0)).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).hasValue(XLSX);
                String disposition = r.headers().firstValue("Content-Disposition").orElseThrow();
                String asciiName = t.get(0).substring(t.get(0).lastIndexOf('/') + 1);
                assertThat(disposition).startsWith("attachment;")
                        .contains("filename=\"" + asciiName + "\"")
                        .contains("filename*=UTF-8''" + URLEncoder.encode(t.get(1), StandardCharsets.UTF_8)
                                .replace("+", "%20"));
                try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(r.body()))) {
                    assertThat(workbook.getSheetName(0)).isEqualTo(t.get(2));
                }
                bodies.add(r.body());
            }
            assertThat(bodies.get(1)).as("built once, the same bytes for everyone").isEqualTo(bodies.get(0));
        }
        assertThat(registry.eventCount()).as("a download stores nothing").isEqualTo(events);
    }

    @Test
    void without_a_token_each_template_is_a_401_problem() {
        for (List<String> t : TEMPLATES) {
            HttpResponse<byte[]> r = get(t.get(0), null);
            assertThat(r.statusCode()).as(t.get(0)).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        assertThat(get("/api/templates/member-import.xlsx", "not-a-token").statusCode()).isEqualTo(401);
    }

    private HttpResponse<byte[]> get(String path, String token) {
        return registry.api().download(path, token);
    }
}
