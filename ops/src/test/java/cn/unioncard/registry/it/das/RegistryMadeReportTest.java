package cn.unioncard.registry.it.das;

import cn.unioncard.registry.testing.Today;
import cn.unioncard.registry.testing.ZipEntries;
import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasMember;
import cn.unioncard.registry.events.das.RegistryDasKey;
import cn.unioncard.registry.it.Api;
import cn.unioncard.registry.it.Api.Response;
import cn.unioncard.registry.it.Forms;
import cn.unioncard.registry.it.RunningRegistry;
import cn.unioncard.registry.it.imports.ImportSupport;
import cn.unioncard.registry.it.member.MemberSupport;
import cn.unioncard.registry.testing.Eventually;
import cn.unioncard.registry.testing.MemberData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry-made offline report ({@code GET /api/unions/{unionId}/offline-report.das}) on the real database:
 * read back against what was registered, recorded as a read of every member, imported at the district as the
 * same members, and refused when changed or asked for outside scope or by the wrong role.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryMadeReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/api/unions/%s/offline-report.das";

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String district;
    private String reviewer;
    private String otherReviewer;
    private String bank;
    private String auditor;
    private int people = 810_000;
    private int unions;

    /** A registered member as the test registered it: the independent record to compare the file with. */
    record Registered(String id, MemberData.Form form, LocalDate authorisedOn) {
    }

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        district = created(api.post("/api/unions", admin, Forms.district(city, "思明区总工会")));
        String otherDistrict = created(api.post("/api/unions", admin, Forms.district(city, "湖里区总工会")));
        reviewer = MemberSupport.account(api, admin, "reviewer.export", "DISTRICT_REVIEWER", district);
        otherReviewer = MemberSupport.account(api, admin, "reviewer.away", "DISTRICT_REVIEWER", otherDistrict);
        bank = MemberSupport.account(api, admin, "bank.export", "BANK_OPERATOR", city);
        auditor = MemberSupport.account(api, admin, "auditor.export", "AUDITOR", city);
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    @Test
    void the_file_holds_the_unions_authorised_members_not_yet_in_a_batch_as_they_were_registered() throws Exception {
        String[] union = union();
        List<Registered> expected = List.of(member(union[0], true), member(union[0], true), member(union[0], true));
        member(union[0], false); // no authorisation: it could not be submitted, so it is not reported
        Registered inBatch = member(union[0], true);
        Response submitted = api.post("/api/unions/" + union[0] + "/batches", admin,
                Map.of("memberIds", List.of(inBatch.id())));
        assertThat(submitted.status()).as("%s", submitted).isEqualTo(201);

        byte[] bytes = download(union[0], reviewer);

        DasFile das = DasFile.open(bytes);
        RegistryDasKey key = registry.context().getBean(RegistryDasKey.class);
        das.verify(key.publicKey());
        assertThat(das.manifest().keyId()).isEqualTo(key.keyId()).matches("registry-[0-9a-f]{16}");
        assertThat(das.manifest().unionSystemCode()).isEqualTo(union[1]);
        java.nio.file.Path keyFile = registry.dataDir().resolve("offline-report-signing.key");
        assertThat(java.nio.file.Files.getPosixFilePermissions(keyFile))
                .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        assertThat(java.nio.file.Files.readString(keyFile)).contains(
                java.util.Base64.getEncoder().encodeToString(key.publicKey().getEncoded()));
        assertThat(key.keyId()).isEqualTo("registry-" + DasFile.sha256(key.publicKey().getEncoded()).substring(0, 16));
        List<DasMember> lines = das.members();
        assertThat(lines).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            MemberData.Form f = expected.get(i).form();
            Map<String, String> c = lines.get(i).cells();
            assertThat(lines.get(i).authorisedOn()).isEqualTo(expected.get(i).authorisedOn());
            assertThat(c).containsEntry("name", f.name).containsEntry("idNumber", f.idNumber)
                    .containsEntry("mobile", f.mobile).containsEntry("idType", "1")
                    .containsEntry("idExpiry", f.idExpiry).containsEntry("education", f.education)
                    .containsEntry("workStart", f.workStart).containsEntry("unionJoin", f.unionJoin)
                    .containsEntry("socialInsuranceStart", f.socialInsuranceStart)
                    .containsEntry("ruralHousehold", "否").containsEntry("labourContract", "是")
                    .containsEntry("contactAddress", f.contactAddress).containsEntry("employerName", f.employerName)
                    .containsEntry("filledOn", f.filledOn);
            // 汉族 was typed as a label: the file holds the code it was stored as.
            assertThat(c.get("ethnicGroup")).matches("\\d+");
        }
    }

    @Test
    void downloading_records_a_read_revealing_every_member_in_the_file_with_its_purpose() throws Exception {
        String[] union = union();
        List<Registered> expected = List.of(member(union[0], true), member(union[0], true));
        long mark = maxGlobalIndex();

        download(union[0], reviewer);

        List<JsonNode> reads = accessesAfter(mark);
        assertThat(reads).hasSize(1);
        JsonNode read = reads.get(0);
        Set<String> named = new TreeSet<>();
        read.path("memberIds").forEach(id -> named.add(id.asText()));
        assertThat(named).isEqualTo(expected.stream().map(Registered::id).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(read.path("revealed").asBoolean()).isTrue();
        assertThat(read.path("purpose").asText()).isEqualTo("离线上报文件");
        assertThat(read.path("endpoint").asText()).isEqualTo("GET /api/unions/{unionId}/offline-report.das");
    }

    @Test
    void the_file_imported_at_the_district_finds_the_same_members_and_submits_them_as_one_batch() throws Exception {
        String[] union = union();
        List<Registered> expected = List.of(member(union[0], true), member(union[0], true));
        String operator = operatorOf(union);
        byte[] bytes = download(union[0], operator);
        long registered = eventsOfType("MemberRegistered");
        long authorisations = eventsOfType("MemberAuthorisationRecorded");

        Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", bytes);

        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String jobId = r.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(
                registry.jdbc().queryForObject("select state from offline_report where job_id = ?", String.class,
                        jobId)))).isTrue();
        assertThat(registry.jdbc().queryForObject("select state from offline_report where job_id = ?", String.class,
                jobId)).isEqualTo("SUBMITTED");
        JsonNode job = api.get("/api/imports/" + jobId, reviewer).json();
        assertThat(List.of(job.path("accepted").asInt(), job.path("duplicates").asInt())).containsExactly(0, 2);
        assertThat(eventsOfType("MemberRegistered")).isEqualTo(registered);
        assertThat(eventsOfType("MemberAuthorisationRecorded")).as("already recorded, not again").isEqualTo(authorisations);
        String batchId = r.json().path("batchId").asText();
        assertThat(Eventually.eventually(30_000, () -> api.get("/api/batches/" + batchId, reviewer).status() == 200))
                .isTrue();
        Response batch = api.get("/api/batches/" + batchId, reviewer);
        Set<String> inBatch = new TreeSet<>();
        batch.json().path("members").path("items").forEach(m -> inBatch.add(m.path("memberId").asText()));
        assertThat(inBatch).isEqualTo(expected.stream().map(Registered::id).collect(Collectors.toCollection(TreeSet::new)));
        assertThat(batch.json().path("batch").path("status").asText()).isEqualTo("SUBMITTED");
        // Now in an open batch, they are in no further file.
        assertThat(DasFile.open(download(union[0], operator)).members()).isEmpty();
    }

    @Test
    void a_changed_byte_in_the_members_or_the_manifest_is_refused_at_the_district() throws Exception {
        String[] union = union();
        member(union[0], true);
        byte[] bytes = download(union[0], reviewer);

        Map<String, byte[]> members = ZipEntries.read(bytes);
        members.get(DasFile.MEMBERS)[members.get(DasFile.MEMBERS).length / 2] ^= 1;
        refused(ZipEntries.write(members), "das.payload-hash");
        Map<String, byte[]> manifest = ZipEntries.read(bytes);
        manifest.put(DasFile.MANIFEST, new String(manifest.get(DasFile.MANIFEST), StandardCharsets.UTF_8)
                .replace("\"createdAt\":\"", "\"createdAt\":\"1").getBytes(StandardCharsets.UTF_8));
        refused(ZipEntries.write(manifest), "das.signature");
    }

    @Test
    void a_file_listing_someone_no_longer_an_active_member_is_refused_and_registers_nobody_again() throws Exception {
        String[] union = union();
        member(union[0], true);
        Registered leaving = member(union[0], true);
        byte[] bytes = download(union[0], reviewer);
        Response withdrawn = api.post("/api/members/" + leaving.id() + "/withdrawal", admin, Map.of("reason", "调离本单位"));
        assertThat(withdrawn.status()).as("%s", withdrawn).isEqualTo(204);
        long reports = registry.jdbc().queryForObject("select count(*) from offline_report", Long.class);
        long registrations = eventsOfType("MemberRegistered");

        Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", bytes);

        assertThat(r.status()).as("%s", r).isEqualTo(409);
        assertThat(r.body()).contains("1 人已不是本工会的在册会员").doesNotContain(leaving.form().name, leaving.form().idNumber);
        assertThat(registry.jdbc().queryForObject("select count(*) from offline_report", Long.class)).isEqualTo(reports);
        assertThat(eventsOfType("MemberRegistered")).isEqualTo(registrations);
    }

    @Test
    void a_union_outside_the_callers_subtree_or_unknown_is_not_found_and_nothing_is_recorded() {
        String[] union = union();
        member(union[0], true);
        long events = registry.eventCount();

        assertThat(api.download(PATH.formatted(union[0]), otherReviewer).statusCode()).isEqualTo(404);
        assertThat(api.download(PATH.formatted("no-such-union"), reviewer).statusCode()).isEqualTo(404);
        assertThat(registry.eventCount()).isEqualTo(events);
    }

    @Test
    void the_bank_and_the_auditor_are_refused_with_403_and_nothing_is_recorded() {
        String[] union = union();
        member(union[0], true);
        long events = registry.eventCount();

        for (String token : List.of(bank, auditor)) {
            HttpResponse<byte[]> r = api.download(PATH.formatted(union[0]), token);
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("/problems/");
        }
        assertThat(registry.eventCount()).isEqualTo(events);
    }

    // ---------------------------------------------------------------- helpers

    private final Map<String, String> operators = new LinkedHashMap<>();

    /** A new grassroots union under the district: its id and system code. */
    private String[] union() {
        Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(district, "厦门导出测试" + "甲乙丙丁戊己庚辛"
                .charAt(unions % 8) + "子丑寅卯辰巳午未".charAt(unions++ / 8 % 8) + "有限公司工会"));
        String id = created(g);
        operators.put(id, api.loginAndChangePassword(g.json().path("operatorUsername").asText(),
                g.json().path("oneTimePassword").asText(), "Operator-Password-X1"));
        return new String[] {id, g.json().path("systemCode").asText()};
    }

    private String operatorOf(String[] union) {
        return operators.get(union[0]);
    }

    private Registered member(String unionId, boolean authorised) {
        MemberData.Form form = MemberData.numbered(people++);
        Response r = api.post("/api/unions/" + unionId + "/members", admin, form.json());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        String id = r.json().path("memberId").asText();
        LocalDate on = Today.inXiamen().minusDays(3);
        if (authorised) {
            Response a = api.post("/api/members/" + id + "/authorisation", admin,
                    Map.of("receivedOn", on.toString(), "scanReference", "SQ-" + people));
            assertThat(a.status()).as("%s", a).isEqualTo(204);
        }
        return new Registered(id, form, authorised ? on : null);
    }

    private byte[] download(String unionId, String token) {
        HttpResponse<byte[]> r = api.download(PATH.formatted(unionId), token);
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        return r.body();
    }

    private void refused(byte[] das, String code) {
        long reports = registry.jdbc().queryForObject("select count(*) from offline_report", Long.class);
        Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", das);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.body()).contains(code);
        assertThat(registry.jdbc().queryForObject("select count(*) from offline_report", Long.class)).isEqualTo(reports);
    }

    private long eventsOfType(String type) {
        return registry.jdbc().queryForObject("select count(*) from domain_event_entry where payload_type like ?",
                Long.class, "%." + type);
    }

    private long maxGlobalIndex() {
        Long max = registry.jdbc().queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return max == null ? 0 : max;
    }

    private List<JsonNode> accessesAfter(long mark) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Map<String, Object> e : registry.jdbc().queryForList("select payload from domain_event_entry "
                + "where payload_type like '%PersonalDataAccessed' and global_index > ?", mark)) {
            out.add(JSON.readTree((byte[]) e.get("payload")));
        }
        return out;
    }

    private static String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }


}
