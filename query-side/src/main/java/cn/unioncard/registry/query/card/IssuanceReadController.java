package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.batch.BatchHeadings;
import cn.unioncard.registry.query.member.MemberReviewFacts;
import cn.unioncard.registry.query.union.UnionLabels;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bank returns tried for a batch (ids and counts: no member data, no record) and each one's report
 * (names and masked ID numbers of the matched members: a recorded read). Refusals: outside the viewer's
 * subtree 404 (batch, then run), role 403.
 */
@RestController
class IssuanceReadController {

    record RunSummary(String runId, String batchId, String source, int total, int issued, int refused,
                      Instant recordedAt, String recordedBy, String report) {
    }

    record Runs(String batchId, List<RunSummary> items) {
    }

    static final String RUNS = "/api/batches/{id}/card-issuance";
    static final String REPORT = "/api/batches/{id}/card-issuance/{runId}/report.xlsx";

    private final BatchHeadings batches;
    private final IssuanceRuns runs;
    private final MemberReviewFacts members;
    private final UnionLabels unions;
    private final ViewerScope scopes;
    private final AccessLog accessLog;

    IssuanceReadController(BatchHeadings batches, IssuanceRuns runs, MemberReviewFacts members, UnionLabels unions,
                           ViewerScope scopes, AccessLog accessLog) {
        this.batches = batches;
        this.runs = runs;
        this.members = members;
        this.unions = unions;
        this.scopes = scopes;
        this.accessLog = accessLog;
    }

    @GetMapping(RUNS)
    Runs list(@PathVariable String id, Actor actor) {
        batch(id, actor);
        return new Runs(id, runs.ofBatch(id).stream().map(r -> new RunSummary(r.runId(), r.batchId(), r.source(),
                r.total(), r.issued(), r.refused(), r.recordedAt(), r.recordedBy(),
                REPORT.replace("{id}", id).replace("{runId}", r.runId()))).toList());
    }

    @GetMapping(REPORT)
    // One transaction for the read and its access record, committed before the bytes are written.
    @Transactional
    ResponseEntity<byte[]> report(@PathVariable String id, @PathVariable String runId, Actor actor) {
        BatchHeadings.Fact batch = batch(id, actor);
        IssuanceRuns.Run run = runs.run(id, runId).orElseThrow(() -> RegistryProblem.notFound("run"));
        List<IssuanceRuns.Row> rows = runs.rows(runId);
        List<String> matched = rows.stream().map(IssuanceRuns.Row::memberId).filter(Objects::nonNull).distinct()
                .toList();
        Map<String, MemberReviewFacts.Fact> facts = members.of(matched);
        Map<String, String> numbers = runs.maskedNumbers(rows.stream().map(IssuanceRuns.Row::cardId)
                .filter(Objects::nonNull).toList());
        List<IssuanceReport.Line> lines = rows.stream().map(r -> {
            MemberReviewFacts.Fact f = r.memberId() == null ? null : facts.get(r.memberId());
            return new IssuanceReport.Line(r.row(), r.outcome(), r.memberId(), f == null ? null : f.name(),
                    f == null ? null : Masking.idNumber(f.idNumber()),
                    r.cardId() == null ? null : numbers.get(r.cardId()));
        }).toList();
        String unionName = unions.of(batch.unionId()).map(UnionLabels.Label::name).orElse("");
        byte[] bytes = IssuanceReport.of(run, unionName, lines);
        accessLog.record(actor, matched, IssuanceReport.FIELDS, false, "GET " + REPORT);
        return Downloads.xlsx(bytes, "card-issuance-report", IssuanceReport.TITLE, runId);
    }

    private BatchHeadings.Fact batch(String id, Actor actor) {
        BatchHeadings.Fact batch = batches.of(id).filter(b -> scopes.sees(actor, b.unionPath()))
                .orElseThrow(() -> RegistryProblem.notFound("batch"));
        Permission.READ_CARDS.require(actor);
        return batch;
    }
}
