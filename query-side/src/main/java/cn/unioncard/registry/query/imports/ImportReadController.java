package cn.unioncard.registry.query.imports;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.imports.ImportFiles;
import cn.unioncard.registry.events.imports.ImportKind;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Paging;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.imports.ImportJobViews.Job;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Reading import jobs: one job's progress, a union's jobs, and a finished job's report. A job is seen
 * by whoever sees its union (404 otherwise); its report shows the members its rows became, so the
 * download is recorded as a read of them before the first byte goes out.
 */
@RestController
class ImportReadController {

    record ImportJob(String jobId, ImportKind kind, String unionId, String fileName, String state, int total,
                     int processed, int accepted, int rejected, int duplicates, Instant startedAt, Instant finishedAt,
                     String fileSha256, boolean reportAvailable, String failureReason, String uploadedBy) {
    }

    record ImportJobPage(List<ImportJob> items, int page, int size, long total) {
    }

    static final MediaType XLSX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final String REPORT_ENDPOINT = "GET /api/imports/{jobId}/report.xlsx";
    /** The report repeats every column of the uploaded rows, unmasked. */
    static final List<String> REPORT_FIELDS = MemberSheet.COLUMNS.stream().map(SheetColumn::field).toList();
    /** Members per access record: a 100,000-row report is a hundred events, not one of megabytes. */
    static final int MEMBERS_PER_RECORD = 1000;

    private final ImportJobViews jobs;
    private final ImportFiles files;
    private final ViewerScope scopes;
    private final UnionPaths unions;
    private final AccessLog accessLog;

    ImportReadController(ImportJobViews jobs, ImportFiles files, ViewerScope scopes, UnionPaths unions,
                         AccessLog accessLog) {
        this.jobs = jobs;
        this.files = files;
        this.scopes = scopes;
        this.unions = unions;
        this.accessLog = accessLog;
    }

    @GetMapping("/api/imports/{jobId}")
    ImportJob get(@PathVariable String jobId, Actor actor) {
        return answer(visible(jobId, actor));
    }

    @GetMapping("/api/imports")
    ImportJobPage list(@RequestParam String unionId, @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "20") int size, Actor actor) {
        if (!scopes.sees(actor, unions.pathOf(unionId).orElse(null))) {
            throw RegistryProblem.notFound("union");
        }
        Permission.READ_IMPORTS.require(actor);
        Paging.check(page, size, 200);
        return new ImportJobPage(jobs.ofUnion(unionId, page, size).stream().map(this::answer).toList(), page, size,
                jobs.countOfUnion(unionId));
    }

    @GetMapping("/api/imports/{jobId}/report.xlsx")
    // The access record commits when this method returns, before the body is streamed.
    @Transactional
    ResponseEntity<StreamingResponseBody> report(@PathVariable String jobId, Actor actor) throws IOException {
        Job job = visible(jobId, actor);
        if (!"DONE".equals(job.state())) {
            throw RegistryProblem.conflict("导入任务尚未完成，报告还未生成", "the job has not finished; its report is not ready");
        }
        InputStream report = openReport(jobId);
        try {
            List<String> members = jobs.membersShown(jobId);
            for (int i = 0; i < members.size(); i += MEMBERS_PER_RECORD) {
                accessLog.record(actor, members.subList(i, Math.min(members.size(), i + MEMBERS_PER_RECORD)),
                        REPORT_FIELDS, true, REPORT_ENDPOINT);
            }
        } catch (RuntimeException e) {
            report.close();
            throw e;
        }
        // RFC 6266: an ASCII fallback (Spring's default would be an RFC 2047 word some clients show as is)
        // and the upload's own name, encoded, for every current browser.
        String disposition = "attachment; filename=\"import-report.xlsx\"; filename*=UTF-8''" + java.net.URLEncoder
                .encode(baseName(job.fileName()) + "-导入结果.xlsx", StandardCharsets.UTF_8).replace("+", "%20");
        return ResponseEntity.ok().contentType(XLSX).header(HttpHeaders.CONTENT_DISPOSITION, disposition)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(out -> {
                    try (InputStream in = report) {
                        in.transferTo(out);
                    }
                });
    }

    /** The job if the actor sees its union (404 otherwise, as if it did not exist) and may read jobs (403). */
    private Job visible(String jobId, Actor actor) {
        Job job = jobs.find(jobId).filter(j -> scopes.sees(actor, j.unionPath()))
                .orElseThrow(() -> RegistryProblem.notFound("import"));
        Permission.READ_IMPORTS.require(actor);
        return job;
    }

    /** A finished job's report, or 410 once the retention sweep has deleted it. */
    private InputStream openReport(String jobId) throws IOException {
        RegistryProblem gone = new RegistryProblem(RegistryProblem.Kind.GONE, "报告已超过保留期限并已删除",
                "the report has been deleted after the retention period");
        if (!files.exists(jobId, ImportFiles.Part.REPORT)) {
            throw gone;
        }
        try {
            return files.open(jobId, ImportFiles.Part.REPORT);
        } catch (IOException e) {
            if (!files.exists(jobId, ImportFiles.Part.REPORT)) {
                throw gone; // deleted between the look and the open
            }
            throw e;
        }
    }

    private ImportJob answer(Job j) {
        boolean report = "DONE".equals(j.state()) && files.exists(j.jobId(), ImportFiles.Part.REPORT);
        return new ImportJob(j.jobId(), j.kind(), j.unionId(), j.fileName(), j.state(), j.total(), j.processed(),
                j.accepted(), j.rejected(), j.duplicates(), j.startedAt(), j.finishedAt(), j.fileSha256(), report,
                j.failureReason(), j.uploader());
    }

    private static String baseName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
