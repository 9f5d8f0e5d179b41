package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.card.InsuranceCover;
import cn.unioncard.registry.events.member.Masking;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Paging;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Reading members. Lists and details are masked; a full detail needs a role that may see it and a
 * stated purpose. Every answer that shows member data is recorded first (see {@link AccessLog}).
 * Refusals in the registry's order: outside the viewer's subtree 404, then role 403, then purpose 400.
 */
@RestController
class MemberReadController {

    record MemberSummary(String id, String name, String idNumber, String mobile, MemberStatus status,
                         boolean authorised, long version) {
    }

    /** {@code next}: the cursor for {@code ?after=} that reads the page after this one; null on the last page. */
    record MemberPage(List<MemberSummary> items, int page, int size, long total, String next) {
    }

    record MemberView(String id, String unionId, MemberStatus status, boolean authorised, LocalDate authorisedOn,
                      long version, boolean masked, boolean erased, MemberDetails details, Cover cover) {
    }

    /** The free insurance cover of the member's card ({@link InsuranceCover#STANDARD}); null before an activation. */
    record Cover(LocalDate startsOn, LocalDate endsOn, int trafficAccidentCny, int roadPassengerCny,
                 int hospitalDailyCny, int hospitalMaxDays) {
        static Cover of(MemberEntry e) {
            InsuranceCover s = InsuranceCover.STANDARD;
            return e.coverStartsOn == null ? null : new Cover(e.coverStartsOn, e.coverEndsOn, s.trafficAccidentCny(),
                    s.roadPassengerCny(), s.hospitalDailyCny(), s.hospitalMaxDays());
        }
    }

    static final List<String> LIST_FIELDS = List.of("name", "idNumber", "mobile", "status");
    static final List<String> DETAIL_FIELDS = Arrays.stream(MemberDetails.class.getRecordComponents())
            .map(RecordComponent::getName).toList();

    private final MemberEntries entries;
    private final MemberListing listing;
    private final ViewerScope scopes;
    private final AccessLog accessLog;
    private final UnionPaths unions;

    MemberReadController(MemberEntries entries, MemberListing listing, ViewerScope scopes, AccessLog accessLog,
                         UnionPaths unions) {
        this.entries = entries;
        this.listing = listing;
        this.scopes = scopes;
        this.accessLog = accessLog;
        this.unions = unions;
    }

    @GetMapping("/api/unions/{unionId}/members")
    // One transaction for the read and its access record, committed before the answer is written; one
    // snapshot, since a page past the middle is found from the union's count (kept in the same commits).
    @Transactional(isolation = Isolation.REPEATABLE_READ)
    MemberPage list(@PathVariable String unionId, @RequestParam(required = false) MemberStatus status,
                    @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
                    @RequestParam(defaultValue = "20") int size, @RequestParam(required = false) String after,
                    Actor actor) {
        if (!scopes.sees(actor, unions.pathOf(unionId).orElse(null))) {
            throw RegistryProblem.notFound("union");
        }
        Permission.BROWSE_MEMBERS.require(actor);
        Paging.check(page, size, 200, after);
        MemberListing.Found result = after == null ? listing.page(unionId, status, q, page, size)
                : listing.after(unionId, status, q, after, size);
        List<MemberSummary> items = result.rows().stream().map(e -> new MemberSummary(e.id(), e.name(),
                Masking.idNumber(e.idNumber()), Masking.mobile(e.mobile()), e.status(), e.authorised(), e.version()))
                .toList();
        accessLog.record(actor, items.stream().map(MemberSummary::id).toList(), LIST_FIELDS, false,
                "GET /api/unions/{unionId}/members");
        return new MemberPage(items, page, size, result.total(), result.next());
    }

    @GetMapping("/api/members/{id}")
    // One transaction for the read and its access record, committed before the answer is written.
    @Transactional
    ResponseEntity<MemberView> get(@PathVariable String id, @RequestParam(defaultValue = "false") boolean reveal,
                                   Actor actor) {
        MemberEntry e = entries.findById(id).filter(m -> scopes.sees(actor, m.unionPath))
                .orElseThrow(() -> RegistryProblem.notFound("member"));
        Permission.BROWSE_MEMBERS.require(actor);
        if (reveal) {
            Permission.REVEAL_MEMBER.require(actor);
        }
        MemberDetails details = reveal ? e.details : masked(e.details);
        accessLog.record(actor, List.of(e.id), DETAIL_FIELDS, reveal,
                reveal ? "GET /api/members/{id}?reveal=true" : "GET /api/members/{id}");
        return ResponseEntity.ok().eTag("\"" + e.version + "\"")
                .body(new MemberView(e.id, e.unionId, e.status, e.authorised, e.authorisedOn, e.version, !reveal,
                        e.erasedAt != null, details, Cover.of(e)));
    }

    private static MemberDetails masked(MemberDetails d) {
        return new MemberDetails(d.name(), d.idType(), Masking.idNumber(d.idNumber()), d.idExpiry(), d.idLongTerm(),
                d.ethnicGroup(), d.politicalStatus(), d.education(), d.nationality(), d.titleLevel(),
                Masking.mobile(d.mobile()), d.householdProvince(), d.householdCity(),
                Masking.address(d.contactAddress()), d.workStart(), d.unionJoin(), d.socialInsuranceStart(),
                d.socialInsured(), d.ruralHousehold(), d.labourDispatch(), d.labourContract(), d.occupation(),
                d.cardType(), d.employerName(), d.filledOn());
    }
}
