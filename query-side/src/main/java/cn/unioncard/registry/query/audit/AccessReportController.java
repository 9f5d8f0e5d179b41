package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A member's access report, for their request to know who processed their data (PIPL art. 45): every
 * change concerning them with its actor and every recorded read with its reader and purpose, never the
 * data itself, so it answers for an erased member too. Its own read is recorded.
 */
@RestController
class AccessReportController {

    record Read(String accessId, Instant at, String actor, String role, String organisation, List<String> fields,
                boolean revealed, String purpose, String endpoint, String clientAddress, String requestId) {
    }

    record Report(String memberId, boolean erased, Instant generatedAt, List<ConcernedChanges.Change> changes,
                  List<Read> reads) {
    }

    static final String JSON = "/api/audit/members/{id}/access-report";
    static final String XLSX = "/api/audit/members/{id}/access-report.xlsx";

    private final ConcernedChanges changes;
    private final MemberReads reads;
    private final AccessLog accessLog;
    private final ViewerScope scopes;

    AccessReportController(ConcernedChanges changes, MemberReads reads, AccessLog accessLog, ViewerScope scopes) {
        this.changes = changes;
        this.reads = reads;
        this.accessLog = accessLog;
        this.scopes = scopes;
    }

    @GetMapping(JSON)
    Report report(@PathVariable String id, @RequestHeader(value = "Accept-Language", required = false) String language,
                  Actor actor) {
        return report(id, english(language), actor, "GET " + JSON);
    }

    @GetMapping(XLSX)
    ResponseEntity<byte[]> sheet(@PathVariable String id,
                                 @RequestHeader(value = "Accept-Language", required = false) String language,
                                 Actor actor) {
        Report report = report(id, english(language), actor, "GET " + XLSX);
        return AuditSheets.download(AccessReportSheet.of(report), "access-report-" + safe(id),
                "个人信息处理报告-" + safe(id));
    }

    private Report report(String id, boolean english, Actor actor, String endpoint) {
        if (!Permission.READ_ACCESS_REPORT.allows(actor)) {
            // Scope first: a member outside the caller's subtree (or none at all) is not found.
            if (!scopes.seesAggregate(actor, id)) {
                throw RegistryProblem.notFound("member");
            }
            throw Permission.READ_ACCESS_REPORT.refusal();
        }
        ConcernedChanges.Trail trail = changes.of(id, english).orElseThrow(() -> RegistryProblem.notFound("member"));
        // Recorded before the answer; the report leaves its own read out (the next one shows it).
        String ownRead = accessLog.record(actor, List.of(id), List.of("accessReport"), false, endpoint);
        List<Read> list = reads.of(id, ownRead).reads().stream().map(r -> new Read(r.accessId(), r.accessedAt(),
                r.user(), r.role(), r.organisation(), r.fields(), r.revealed(), r.purpose(), r.endpoint(),
                r.clientAddress(), r.correlationId())).toList();
        return new Report(id, trail.erased(), Instant.now(), trail.changes(), list);
    }

    private static boolean english(String language) {
        return language != null && language.trim().toLowerCase(Locale.ROOT).startsWith("en");
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9-]", "_");
    }
}
