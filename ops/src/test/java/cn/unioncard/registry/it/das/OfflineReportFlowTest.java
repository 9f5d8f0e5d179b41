package cn.unioncard.registry.it.das;

import cn.unioncard.registry.testing.ZipEntries;
import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasManifest;
import cn.unioncard.registry.events.das.OfflineKeys;
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
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static cn.unioncard.registry.it.RunningRegistry.ADMIN;
import static cn.unioncard.registry.it.RunningRegistry.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline report files end to end on the real database: a filled template through the command-line tool
 * to an import at the district, and every refusal leaving nothing behind (no job, no report row, no file).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineReportFlowTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunningRegistry registry;
    private Api api;
    private String admin;
    private String grassroots;
    private String systemCode;
    private String reviewer;
    private String otherReviewer;
    private final List<CommandMessage<?>> sent = new CopyOnWriteArrayList<>();
    private int people = 700_000;

    @BeforeAll
    void start() {
        registry = RunningRegistry.startFresh();
        api = registry.api();
        admin = api.login(ADMIN, ADMIN_PASSWORD);
        String city = MemberSupport.cityId(api, admin);
        String district = created(api.post("/api/unions", admin, Forms.district(city, "思明区总工会")));
        String otherDistrict = created(api.post("/api/unions", admin, Forms.district(city, "湖里区总工会")));
        Response g = api.post("/api/unions", admin, Forms.minimalGrassroots(district, "厦门离线测试有限公司工会"));
        grassroots = created(g);
        systemCode = g.json().path("systemCode").asText();
        reviewer = MemberSupport.account(api, admin, "reviewer.offline", "DISTRICT_REVIEWER", district);
        otherReviewer = MemberSupport.account(api, admin, "reviewer.elsewhere", "DISTRICT_REVIEWER", otherDistrict);
        // What the batch handler is sent, captured whether or not one is registered (it lands with command.batch).
        registry.context().getBean(CommandBus.class).registerDispatchInterceptor(messages -> (i, m) -> {
            sent.add(m);
            return m;
        });
    }

    @AfterAll
    void stop() {
        registry.close();
    }

    private static String created(Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().path("unionId").asText();
    }

    @Test
    void a_template_made_into_a_report_by_the_tool_registers_authorises_and_submits_its_members_for_the_union()
            throws Exception {
        byte[] das = report(issueKey(), 3);

        Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", das);

        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String jobId = r.json().path("jobId").asText();
        String batchId = r.json().path("batchId").asText();
        assertThat(r.header("Location")).contains("/api/imports/" + jobId);
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(jobId)))).isTrue();
        assertThat(api.get("/api/imports/" + jobId, reviewer).json().path("state").asText()).isEqualTo("DONE");
        SubmitBatch submit = submitted(batchId);
        assertThat(submit.unionId()).isEqualTo(grassroots);
        assertThat(submit.memberIds()).hasSize(3);
        assertThat(submit.allPending()).isFalse();
        CommandMessage<?> message = sent.stream().filter(m -> m.getPayload() == submit).findFirst().orElseThrow();
        assertThat(message.getMetaData()).containsEntry("offline.report", DasFile.sha256(das))
                .containsEntry("offline.importedBy", "reviewer.offline")
                .containsEntry("actor.user", "reviewer.offline");
        for (String member : submit.memberIds()) {
            assertThat(events(member, "MemberRegistered")).isEqualTo(1);
            assertThat(events(member, "MemberAuthorisationRecorded")).isEqualTo(1);
        }
        assertThat(registry.jdbc().queryForObject("select count(*) from domain_event_entry where payload_type like "
                + "'%MemberAuthorisationRecorded' and convert_from(payload, 'UTF8') like '%reviewer.offline%'",
                Long.class)).isGreaterThanOrEqualTo(3);
    }

    /** NEEDS THE BATCH HANDLER (command.batch, merged separately): the same import ends as a submitted batch. */
    @Test
    void a_report_imported_at_the_district_becomes_a_batch_submitted_on_the_unions_behalf() throws Exception {
        Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", report(issueKey(), 2));
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String jobId = r.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(jobId)))).isTrue();
        assertThat(reportState(jobId)).isEqualTo("SUBMITTED");
        Response batch = api.get("/api/batches/" + r.json().path("batchId").asText(), reviewer);
        assertThat(batch.status()).as("%s", batch).isEqualTo(200);
        assertThat(batch.body()).contains("SUBMITTED");
    }

    @Test
    void a_file_imported_once_is_refused_the_second_time_with_409() throws Exception {
        byte[] das = report(issueKey(), 1);
        Response first = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", das);
        assertThat(first.status()).isEqualTo(202);
        String jobId = first.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(jobId)))).isTrue();
        refusedWithNothingStored(das, reviewer, 409, null);
    }

    @Test
    void two_uploads_of_one_file_at_the_same_moment_import_it_once() throws Exception {
        byte[] das = report(issueKey(), 1);
        long reports = count("offline_report");
        long jobs = count("import_job");
        java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                answers.add(two.submit(() -> {
                    go.await();
                    return ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", das);
                }));
            }
            go.countDown();
            List<Integer> statuses = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Response> a : answers) {
                statuses.add(a.get().status());
            }
            assertThat(statuses).containsExactlyInAnyOrder(202, 409);
        } finally {
            two.shutdownNow();
        }
        assertThat(count("offline_report")).isEqualTo(reports + 1);
        assertThat(count("import_job")).isEqualTo(jobs + 1);
    }

    @Test
    void a_changed_manifest_is_refused_as_a_bad_signature() throws Exception {
        byte[] das = report(issueKey(), 1);
        Map<String, byte[]> entries = ZipEntries.read(das);
        String manifest = new String(entries.get(DasFile.MANIFEST), StandardCharsets.UTF_8);
        entries.put(DasFile.MANIFEST, manifest.replace("\"createdAt\":\"", "\"createdAt\":\"1").getBytes(StandardCharsets.UTF_8));
        refusedWithNothingStored(ZipEntries.write(entries), reviewer, 400, "das.signature");
    }

    @Test
    void a_changed_byte_of_the_members_is_refused_by_the_payload_hash() throws Exception {
        Map<String, byte[]> entries = ZipEntries.read(report(issueKey(), 1));
        byte[] members = entries.get(DasFile.MEMBERS);
        members[members.length / 2] ^= 1;
        refusedWithNothingStored(ZipEntries.write(entries), reviewer, 400, "das.payload-hash");
    }

    @Test
    void a_file_signed_with_another_key_than_the_one_it_names_is_refused() throws Exception {
        String keyFile = issueKey();
        OfflineKeys.KeyFile key = OfflineKeys.readKeyFile(keyFile.getBytes(StandardCharsets.UTF_8));
        KeyPair stranger = OfflineKeys.generate();
        byte[] forged = signed(key.keyId(), stranger.getPrivate(), DasFile.FORMAT_VERSION, ZipEntries.read(report(keyFile, 1)));
        refusedWithNothingStored(forged, reviewer, 400, "das.signature");
    }

    @Test
    void a_file_signed_with_a_revoked_key_is_refused() throws Exception {
        String keyFile = issueKey();
        byte[] das = report(keyFile, 1);
        String keyId = OfflineKeys.readKeyFile(keyFile.getBytes(StandardCharsets.UTF_8)).keyId();
        Response revoked = api.post("/api/unions/" + grassroots + "/offline-keys/" + keyId + "/revocation", reviewer,
                Map.of());
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(204);
        refusedWithNothingStored(das, reviewer, 400, "das.revoked-key");
    }

    @Test
    void issuing_a_new_key_revokes_the_previous_one_and_the_list_says_so() throws Exception {
        String first = OfflineKeys.readKeyFile(issueKey().getBytes(StandardCharsets.UTF_8)).keyId();
        String second = OfflineKeys.readKeyFile(issueKey().getBytes(StandardCharsets.UTF_8)).keyId();
        Response list = api.get("/api/unions/" + grassroots + "/offline-keys", reviewer);
        assertThat(list.status()).isEqualTo(200);
        Map<String, Boolean> revoked = new LinkedHashMap<>();
        list.json().forEach(k -> revoked.put(k.path("keyId").asText(), k.path("revoked").asBoolean()));
        assertThat(revoked).containsEntry(first, true).containsEntry(second, false);
        assertThat(list.body()).doesNotContain("PRIVATE");
        assertThat(registry.jdbc().queryForObject("select count(*) from domain_event_entry where "
                + "convert_from(payload, 'UTF8') like '%PRIVATE KEY%'", Long.class)).isZero();
    }

    @Test
    void a_reviewer_outside_the_unions_district_gets_404_and_nothing_is_stored() throws Exception {
        refusedWithNothingStored(report(issueKey(), 1), otherReviewer, 404, null);
    }

    @Test
    void a_truncated_file_is_refused() throws Exception {
        byte[] das = report(issueKey(), 2);
        refusedWithNothingStored(Arrays.copyOf(das, das.length - 10), reviewer, 400, "das.not-zip");
    }

    @Test
    void an_entry_named_to_escape_the_directory_is_refused() throws Exception {
        Map<String, byte[]> entries = ZipEntries.read(report(issueKey(), 1));
        entries.put("../../etc/cron.d/evil", "x".getBytes(StandardCharsets.UTF_8));
        refusedWithNothingStored(ZipEntries.write(entries), reviewer, 400, "das.entry-name");
    }

    @Test
    void an_entry_that_inflates_past_the_limit_is_refused_while_inflating() throws Exception {
        Map<String, byte[]> entries = ZipEntries.read(report(issueKey(), 1));
        entries.put(DasFile.MEMBERS, new byte[(int) DasFile.MAX_MEMBERS_BYTES + 1]); // zeros: a few kB zipped
        byte[] bomb = ZipEntries.write(entries);
        assertThat(bomb.length).isLessThan(200_000);
        refusedWithNothingStored(bomb, reviewer, 400, "das.too-large");
    }

    @Test
    void an_unknown_format_version_is_refused_though_signed_correctly() throws Exception {
        String keyFile = issueKey();
        OfflineKeys.KeyFile key = OfflineKeys.readKeyFile(keyFile.getBytes(StandardCharsets.UTF_8));
        byte[] v2 = signed(key.keyId(), key.privateKey(), 2, ZipEntries.read(report(keyFile, 1)));
        refusedWithNothingStored(v2, reviewer, 400, "das.format-version");
    }

    @Test
    void a_report_without_authorisation_dates_registers_its_members_but_neither_authorises_nor_submits_them()
            throws Exception {
        int from = people;
        people += 2;
        Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das",
                report(issueKey(), from, 2, null));
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String jobId = r.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(jobId)))).isTrue();

        assertThat(reportState(jobId)).isEqualTo("NONE_ACCEPTED");
        assertThat(registry.jdbc().queryForObject("select without_consent from offline_report where job_id = ?",
                Integer.class, jobId)).isEqualTo(2);
        List<String> members = jobMembers(jobId);
        assertThat(members).hasSize(2);
        for (String member : members) {
            assertThat(events(member, "MemberRegistered")).isEqualTo(1);
            assertThat(events(member, "MemberAuthorisationRecorded")).isZero();
        }
        assertThat(sent.stream().map(CommandMessage::getPayload).filter(SubmitBatch.class::isInstance)
                .map(SubmitBatch.class::cast).filter(s -> s.batchId().equals(r.json().path("batchId").asText())))
                .isEmpty();
    }

    @Test
    void the_same_report_rezipped_with_another_comment_time_and_compression_is_refused_409_and_nothing_is_stored()
            throws Exception {
        byte[] das = report(issueKey(), 1);
        Response first = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", das);
        assertThat(first.status()).isEqualTo(202);
        String jobId = first.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(jobId)))).isTrue();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setComment("carried on another stick");
            zip.setLevel(java.util.zip.Deflater.BEST_SPEED);
            for (Map.Entry<String, byte[]> e : ZipEntries.read(das).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(0L);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        byte[] rezipped = out.toByteArray();
        assertThat(DasFile.sha256(rezipped)).isNotEqualTo(DasFile.sha256(das));
        refusedWithNothingStored(rezipped, reviewer, 409, null);
    }

    @Test
    void a_member_already_authorised_in_the_union_reported_again_is_not_authorised_again_nor_changed()
            throws Exception {
        String keyFile = issueKey();
        int from = people;
        people += 2;
        LocalDate on = LocalDate.now(ZoneOffset.ofHours(8)).minusDays(3);
        Response first = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das",
                report(keyFile, from, 2, on));
        String firstJob = first.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(firstJob)))).isTrue();
        assertThat(reportState(firstJob)).isEqualTo("SUBMITTED");
        List<String> members = jobMembers(firstJob);
        Map<String, Long> versions = new LinkedHashMap<>();
        members.forEach(m -> versions.put(m, version(m)));

        Response again = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das",
                report(keyFile, from, 2, on.plusDays(1)));
        assertThat(again.status()).as("%s", again).isEqualTo(202);
        String job = again.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(job)))).isTrue();

        assertThat(reportState(job)).isEqualTo("NONE_ACCEPTED");
        assertThat(jobMembers(job)).as("found as duplicates").containsExactlyInAnyOrderElementsOf(members);
        for (String member : members) {
            assertThat(events(member, "MemberAuthorisationRecorded")).isEqualTo(1);
            assertThat(version(member)).isEqualTo(versions.get(member));
        }
    }

    @Test
    void a_refused_report_may_be_imported_again_and_replaces_its_earlier_row() throws Exception {
        byte[] das = report(issueKey(), 1);
        Response first = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", das);
        String jobId = first.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(jobId)))).isTrue();
        String manifest = DasFile.open(das).manifestSha256();
        refusedWithNothingStored(das, reviewer, 409, null); // submitted: a replay
        registry.jdbc().update("update offline_report set state = 'REFUSED' where job_id = ?", jobId);

        Response again = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", das);

        assertThat(again.status()).as("%s", again).isEqualTo(202);
        String job = again.json().path("jobId").asText();
        assertThat(registry.jdbc().queryForList("select job_id from offline_report where manifest_sha256 = ?",
                String.class, manifest)).containsExactly(job);
        // Finished before the next test counts events: its member is found as already registered.
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(job)))).isTrue();
        assertThat(reportState(job)).isEqualTo("NONE_ACCEPTED");
    }

    @Test
    void an_interrupted_follow_up_caught_up_by_two_start_ups_at_once_is_taken_over_and_submitted_once() throws Exception {
        Response r = ImportSupport.upload(api, "/api/offline-reports", reviewer, "report.das", report(issueKey(), 1));
        String jobId = r.json().path("jobId").asText();
        assertThat(Eventually.eventually(60_000, () -> !List.of("IMPORTING", "SUBMITTING").contains(reportState(jobId)))).isTrue();
        // As if a run had been cut short before its submission, under a batch id not used yet.
        String batchId = java.util.UUID.randomUUID().toString();
        registry.jdbc().update("update offline_report set state = 'SUBMITTING', claim = 'interrupted', batch_id = ? "
                + "where job_id = ?", batchId, jobId);
        Object followUp = registry.context().getBean(
                Class.forName("cn.unioncard.registry.command.das.OfflineReportFollowUp"));
        java.lang.reflect.Method catchUp = followUp.getClass().getDeclaredMethod("catchUp");
        catchUp.setAccessible(true);

        catchUp.invoke(followUp);
        catchUp.invoke(followUp);

        assertThat(Eventually.eventually(60_000, () -> !"SUBMITTING".equals(reportState(jobId)))).isTrue();
        Thread.sleep(2_000); // a second run, were there one, would submit within this
        assertThat(sent.stream().map(CommandMessage::getPayload).filter(SubmitBatch.class::isInstance)
                .map(SubmitBatch.class::cast).filter(s -> s.batchId().equals(batchId))).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    private void refusedWithNothingStored(byte[] das, String token, int status, String code) {
        long reports = count("offline_report");
        long jobs = count("import_job");
        long files = ImportSupport.storedFiles(registry);
        long events = registry.eventCount();
        Response r = ImportSupport.upload(api, "/api/offline-reports", token, "report.das", das);
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        if (code != null) {
            assertThat(r.body()).contains(code);
        }
        assertThat(count("offline_report")).isEqualTo(reports);
        assertThat(count("import_job")).isEqualTo(jobs);
        assertThat(ImportSupport.storedFiles(registry)).isEqualTo(files);
        assertThat(registry.eventCount()).isEqualTo(events);
    }

    private long count(String table) {
        return registry.jdbc().queryForObject("select count(*) from " + table, Long.class);
    }

    private long events(String aggregate, String type) {
        return registry.jdbc().queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ? "
                + "and payload_type like ?", Long.class, aggregate, "%." + type);
    }

    /** The members a job registered or found: the entity ids of its rows (ImportRowsProcessed). */
    private List<String> jobMembers(String jobId) {
        List<String> ids = new java.util.ArrayList<>();
        registry.jdbc().queryForList("select convert_from(payload, 'UTF8') from domain_event_entry where "
                + "aggregate_identifier = ? and payload_type like '%.ImportRowsProcessed'", String.class, jobId)
                .forEach(json -> {
                    try {
                        JSON.readTree(json).path("rows").forEach(row -> {
                            if (row.hasNonNull("entityId")) {
                                ids.add(row.get("entityId").asText());
                            }
                        });
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        return ids;
    }

    private long version(String member) {
        return registry.jdbc().queryForObject("select max(sequence_number) from domain_event_entry where "
                + "aggregate_identifier = ?", Long.class, member);
    }

    private String reportState(String jobId) {
        return registry.jdbc().queryForObject("select state from offline_report where job_id = ?", String.class, jobId);
    }

    private SubmitBatch submitted(String batchId) {
        return sent.stream().map(CommandMessage::getPayload).filter(SubmitBatch.class::isInstance)
                .map(SubmitBatch.class::cast).filter(s -> s.batchId().equals(batchId)).findFirst().orElseThrow();
    }

    /** A key issued to the union by its district reviewer: the key file's text. */
    private String issueKey() {
        Response r = api.post("/api/unions/" + grassroots + "/offline-keys", reviewer, Map.of());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-store"));
        assertThat(r.json().path("unionSystemCode").asText()).isEqualTo(systemCode);
        return r.json().path("keyFile").asText();
    }

    /** {@code count} new people in a template, made into a report by the command-line tool. */
    private byte[] report(String keyFile, int count) throws IOException {
        int from = people;
        people += count;
        return report(keyFile, from, count, LocalDate.now(ZoneOffset.ofHours(8)).minusDays(2));
    }

    /** People {@code from} on in a template, made into a report; no {@code authorisedOn}: no consent claimed. */
    private byte[] report(String keyFile, int from, int count, LocalDate authorisedOn) throws IOException {
        Path dir = Files.createTempDirectory("das-test");
        try {
            Path template = dir.resolve("filled.xlsx");
            MemberWorkbooks.write(template, count, n -> MemberData.numbered(from + n));
            Files.writeString(dir.resolve("union.key"), keyFile);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            List<String> args = new java.util.ArrayList<>(List.of("--template", template.toString(), "--key",
                    dir.resolve("union.key").toString(), "--out", dir.resolve("report.das").toString()));
            if (authorisedOn != null) {
                args.addAll(List.of("--authorised-on", authorisedOn.toString()));
            }
            int exit = MakeOfflineReport.run(args.toArray(String[]::new),
                    new PrintStream(new ByteArrayOutputStream()), new PrintStream(err), Clock.systemUTC());
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            return Files.readAllBytes(dir.resolve("report.das"));
        } finally {
            RunningRegistry.deleteQuietly(dir);
        }
    }



    /** The entries with a manifest of {@code version} for {@code keyId}, signed with {@code key}. */
    private static byte[] signed(String keyId, PrivateKey key, int version, Map<String, byte[]> entries)
            throws Exception {
        DasManifest old = JSON.readValue(entries.get(DasFile.MANIFEST), DasManifest.class);
        byte[] manifest = JSON.writeValueAsBytes(new DasManifest(version, old.unionSystemCode(),
                Instant.now().toString(), old.memberCount(), old.payloadSha256(), keyId));
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(manifest);
        entries.put(DasFile.MANIFEST, manifest);
        entries.put(DasFile.SIGNATURE, Base64.getEncoder().encode(s.sign()));
        return ZipEntries.write(entries);
    }
}
