package cn.unioncard.registry.query.das;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.batch.SubmitBatch;
import cn.unioncard.registry.events.das.DasFile;
import cn.unioncard.registry.events.das.DasMember;
import cn.unioncard.registry.events.das.DasSigner;
import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.SheetColumn;
import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.batch.HeldByBatches;
import cn.unioncard.registry.query.member.AuthorisedMembers;
import cn.unioncard.registry.query.member.HeldDetails;
import cn.unioncard.registry.query.union.UnionLabels;
import cn.unioncard.registry.query.union.UnionPaths;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The offline report file (.das) of a union that works in the registry, so it hands its district the same
 * kind of file as an offline union: its active, authorised members not yet in an open or approved batch,
 * signed with the registry's own key. Every member in full, so the download is a recorded read of them all.
 */
@RestController
class OfflineReportExportController {

    static final String PATH = "/api/unions/{unionId}/offline-report.das";
    /** Making the file is reading to report the members: the read's own purpose, as the card list's 办卡. */
    static final String PURPOSE = "离线上报文件";
    static final List<String> FIELDS = MemberSheet.COLUMNS.stream().map(SheetColumn::field).toList();
    /** The template's first data row, as Excel numbers it. */
    static final int FIRST_ROW = 2;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final UnionPaths paths;
    private final UnionLabels names;
    private final ViewerScope scopes;
    private final AuthorisedMembers authorised;
    private final HeldByBatches batches;
    private final HeldDetails details;
    private final AccessLog accessLog;
    private final DasSigner signer;
    private final Clock clock;

    OfflineReportExportController(UnionPaths paths, UnionLabels names, ViewerScope scopes, AuthorisedMembers authorised,
                                  HeldByBatches batches, HeldDetails details, AccessLog accessLog, DasSigner signer,
                                  Clock clock) {
        this.paths = paths;
        this.names = names;
        this.scopes = scopes;
        this.authorised = authorised;
        this.batches = batches;
        this.details = details;
        this.accessLog = accessLog;
        this.signer = signer;
        this.clock = clock;
    }

    /** The file's member lines, and the member each is (the line does not say). */
    private record Lines(List<String> memberIds, List<DasMember> members) {
    }

    @GetMapping(PATH)
    // One transaction for the read and its access record, committed before the bytes are written.
    @Transactional
    ResponseEntity<byte[]> report(@PathVariable String unionId, Actor actor) throws IOException {
        if (paths.pathOf(unionId).filter(p -> scopes.sees(actor, p)).isEmpty()) {
            throw RegistryProblem.notFound("union");
        }
        Actor reader = actor.withPurpose(PURPOSE);
        Permission.REVEAL_MEMBER.require(reader);
        String systemCode = names.of(unionId).orElseThrow(() -> RegistryProblem.notFound("union")).systemCode();
        Lines lines = lines(unionId);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DasFile.write(out, systemCode, clock.instant().truncatedTo(ChronoUnit.SECONDS), signer, lines.members());
        accessLog.record(reader, lines.memberIds(), FIELDS, true, "GET " + PATH);
        String name = "offline-report-" + systemCode.replaceAll("[^A-Za-z0-9-]", "_") + "-"
                + LocalDate.now(clock.withZone(ZONE)) + ".das";
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(out.toByteArray());
    }

    /**
     * In registration order, at most {@link SubmitBatch#MAX_MEMBERS} (what one file and one batch hold; the rest
     * come in the next file, once these are in a batch). Erased meanwhile: left out.
     */
    private Lines lines(String unionId) {
        List<AuthorisedMembers.Authorised> candidates = authorised.of(unionId);
        Set<String> held = batches.among(candidates.stream().map(AuthorisedMembers.Authorised::memberId).toList());
        List<AuthorisedMembers.Authorised> free = candidates.stream().filter(a -> !held.contains(a.memberId()))
                .limit(SubmitBatch.MAX_MEMBERS).toList();
        Map<String, MemberDetails> full = details.of(free.stream().map(AuthorisedMembers.Authorised::memberId).toList())
                .stream().collect(Collectors.toMap(HeldDetails.Held::memberId, HeldDetails.Held::details));
        List<String> ids = new ArrayList<>(free.size());
        List<DasMember> lines = new ArrayList<>(free.size());
        for (AuthorisedMembers.Authorised a : free) {
            MemberDetails d = full.get(a.memberId());
            if (d != null) {
                ids.add(a.memberId());
                // Numbered as the template numbers its data rows (the header is row 1): the import's report uses them.
                lines.add(DasLines.of(lines.size() + FIRST_ROW, a.authorisedOn(), d));
            }
        }
        return new Lines(List.copyOf(ids), List.copyOf(lines));
    }
}
