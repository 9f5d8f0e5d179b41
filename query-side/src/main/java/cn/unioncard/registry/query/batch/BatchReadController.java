package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.batch.BatchStatus;
import cn.unioncard.registry.events.codes.IdType;
import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Paging;
import cn.unioncard.registry.events.validation.ResidentIdNumber;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.member.MemberReviewFacts;
import cn.unioncard.registry.query.union.UnionLabels;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Reading batches: the list (no personal data, so no access record) and one batch with a page of its
 * members, masked as the member list masks them and recorded like it. Outside the viewer's subtree a
 * batch or union does not exist (404), then the role (403), then the paging (400).
 */
@RestController
class BatchReadController {

    record UnionRef(String id, String name, String systemCode) {
    }

    record BatchSummary(String batchId, UnionRef union, BatchStatus status, int memberCount, Integer approvedCount,
                        int debitCreditCount, int erasedCount, int erasedAfterHandover, String contentHash,
                        String replaces, String replacedBy, Instant submittedAt, boolean onBehalf, Instant reviewedAt,
                        String reviewerUnionId, LocalDate handedOverOn) {
    }

    record BatchPage(List<BatchSummary> items, int page, int size, long total, String next) {
    }

    /**
     * A member as the reviewer checks it: {@code idNumberValid} null when the ID is not a resident ID or is
     * erased; {@code inAnotherBatch} the other open or approved batch holding the member.
     */
    record BatchMemberLine(String memberId, String name, String idNumber, String mobile, String state,
                           boolean debitCredit, boolean authorised, LocalDate authorisedOn, Boolean idNumberValid,
                           String inAnotherBatch, boolean changedSinceSubmission, boolean erased,
                           String returnedReason, long submittedVersion, Long currentVersion) {
    }

    record MemberPage(List<BatchMemberLine> items, int page, int size, long total, String next) {
    }

    record BatchDetail(BatchSummary batch, String submittedBy, String reviewedBy, String rejectionReason,
                       String bankBranch, String carriedBy, MemberPage members) {
    }

    /** What a batch page shows of each member, as recorded in its access record. */
    static final List<String> MEMBER_FIELDS = List.of("name", "idNumber", "mobile", "status", "returnedReason");

    private final BatchListing listing;
    private final BatchReview review;
    private final BatchPaths paths;
    private final ViewerScope scopes;
    private final UnionPaths unions;
    private final UnionLabels labels;
    private final MemberReviewFacts facts;
    private final AccessLog accessLog;

    BatchReadController(BatchListing listing, BatchReview review, BatchPaths paths, ViewerScope scopes,
                        UnionPaths unions, UnionLabels labels, MemberReviewFacts facts, AccessLog accessLog) {
        this.listing = listing;
        this.review = review;
        this.paths = paths;
        this.scopes = scopes;
        this.unions = unions;
        this.labels = labels;
        this.facts = facts;
        this.accessLog = accessLog;
    }

    @GetMapping("/api/batches")
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    BatchPage list(@RequestParam(required = false) BatchStatus status, @RequestParam(required = false) String unionId,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate submittedFrom,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate submittedTo,
                   @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size,
                   @RequestParam(required = false) String after, Actor actor) {
        String scope = scopes.pathOf(actor);
        if (scope == null || unionId != null && !scopes.sees(actor, unions.pathOf(unionId).orElse(null))) {
            throw RegistryProblem.notFound("union");
        }
        Permission.READ_BATCHES.require(actor);
        Paging.check(page, size, 200, after);
        BatchListing.Filter f = BatchListing.Filter.of(scope, status, unionId, submittedFrom, submittedTo);
        BatchListing.Found found = after == null ? listing.page(f, page, size) : listing.after(f, after, scope, size);
        Map<String, UnionLabels.Label> names = labels.of(found.rows().stream().map(BatchListing.Row::unionId)
                .distinct().toList());
        return new BatchPage(found.rows().stream().map(r -> summary(r, names)).toList(), page, size, found.total(),
                found.next());
    }

    @GetMapping("/api/batches/{id}")
    // One transaction for the read and its access record, committed before the answer is written.
    @Transactional(isolation = Isolation.REPEATABLE_READ)
    BatchDetail get(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
                    @RequestParam(defaultValue = "100") int size, @RequestParam(required = false) String after,
                    Actor actor) {
        BatchListing.Row header = paths.pathOf(id).filter(p -> scopes.sees(actor, p)).flatMap(p -> review.header(id))
                .orElseThrow(() -> RegistryProblem.notFound("batch"));
        Permission.READ_BATCHES.require(actor);
        Paging.check(page, size, 500, after);
        BatchReview.Members members = review.members(id, page, size, after);
        List<String> ids = members.rows().stream().map(BatchReview.Member::memberId).toList();
        Map<String, MemberReviewFacts.Fact> now = facts.of(ids);
        Map<String, String> elsewhere = review.otherBatches(id, ids);
        LocalDate today = ZonedDateTime.now(BatchListing.ZONE).toLocalDate();
        List<BatchMemberLine> lines = members.rows().stream()
                .map(m -> line(m, now.get(m.memberId()), elsewhere.get(m.memberId()), header.status(), today)).toList();
        accessLog.record(actor, ids, MEMBER_FIELDS, false, "GET /api/batches/{id}");
        BatchReview.More more = review.more(id);
        return new BatchDetail(summary(header, labels.of(List.of(header.unionId()))), more.submittedBy(),
                more.reviewedBy(), more.rejectionReason(), more.bankBranch(), more.carriedBy(),
                new MemberPage(lines, page, size, header.memberCount(), members.next()));
    }

    private static BatchMemberLine line(BatchReview.Member m, MemberReviewFacts.Fact f, String otherBatch,
                                        BatchStatus status, LocalDate today) {
        boolean erased = "ERASED".equals(m.state()) || f == null || f.erased();
        if (erased) {
            // Nothing personal of an erased member: not even a masked remnant or a reviewer's reason.
            return new BatchMemberLine(m.memberId(), null, null, null, m.state(), m.debitCredit(),
                    f != null && f.authorised(), f == null ? null : f.authorisedOn(), null, otherBatch, false, true,
                    null, m.submittedVersion(), f == null ? null : f.version());
        }
        Boolean valid = IdType.RESIDENT_ID_CARD.code().equals(f.idType()) ? ResidentIdNumber.parse(f.idNumber(), today).isValid() : null;
        return new BatchMemberLine(m.memberId(), f.name(), Masking.idNumber(f.idNumber()), Masking.mobile(f.mobile()),
                m.state(), m.debitCredit(), f.authorised(), f.authorisedOn(), valid, otherBatch,
                status.open() && f.version() != m.submittedVersion(), false, m.returnedReason(), m.submittedVersion(),
                f.version());
    }

    private static BatchSummary summary(BatchListing.Row r, Map<String, UnionLabels.Label> names) {
        UnionLabels.Label l = names.get(r.unionId());
        return new BatchSummary(r.batchId(), new UnionRef(r.unionId(), l == null ? null : l.name(),
                l == null ? null : l.systemCode()), r.status(), r.memberCount(), r.approvedCount(),
                r.debitCreditCount(), r.erasedCount(), r.erasedAfterHandover(), r.contentHash(), r.replaces(),
                r.replacedBy(), r.submittedAt(), r.onBehalf(), r.reviewedAt(), r.reviewerUnionId(), r.handedOverOn());
    }
}
