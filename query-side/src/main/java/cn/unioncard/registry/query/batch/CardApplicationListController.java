package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.query.audit.AccessLog;
import cn.unioncard.registry.query.batch.CardApplicationListReader.Batch;
import cn.unioncard.registry.query.union.UnionLabels;
import cn.unioncard.registry.query.union.ViewerScope;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The papers a union takes to the bank for an approved batch: the card application list (full ID
 * numbers, so every download is a recorded read revealing every member on it, purpose 办卡) and the
 * 委托书 (no member's data, so no record). Refusals in the registry's order: outside the viewer's subtree
 * 404, role 403, a batch not (or no longer) approved 409.
 */
@RestController
class CardApplicationListController {

    static final String LIST_PATH = "/api/batches/{id}/card-application-list.xlsx";
    static final String AUTHORISATION_PATH = "/api/batches/{id}/card-application-authorisation.xlsx";
    /** Downloading the list is reading to apply for cards: the purpose is the read's own, not the caller's. */
    static final String PURPOSE = "办卡";
    static final MediaType XLSX =
            MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private final CardApplicationListReader reader;
    private final ViewerScope scopes;
    private final AccessLog accessLog;

    CardApplicationListController(CardApplicationListReader reader, ViewerScope scopes, AccessLog accessLog) {
        this.reader = reader;
        this.scopes = scopes;
        this.accessLog = accessLog;
    }

    @GetMapping(LIST_PATH)
    // One transaction for the read and its access record, committed before the bytes are written.
    @Transactional
    ResponseEntity<byte[]> list(@PathVariable String id, Actor actor) {
        Batch batch = approved(id, actor);
        CardApplicationList list = reader.list(batch);
        byte[] bytes = CardApplicationListWorkbook.of(list);
        accessLog.record(actor.withPurpose(PURPOSE),
                list.lines().stream().map(CardApplicationList.Line::memberId).toList(),
                CardApplicationListWorkbook.FIELDS, true, "GET " + LIST_PATH);
        return download(bytes, "card-application-list", CardApplicationListWorkbook.TITLE, id);
    }

    @GetMapping(AUTHORISATION_PATH)
    ResponseEntity<byte[]> authorisation(@PathVariable String id, Actor actor) {
        Batch batch = approved(id, actor);
        UnionLabels.Label union = reader.unionOf(batch);
        // The members on the list: approved and not erased since.
        byte[] bytes = CardAuthorisationForm.of(union.name(), union.systemCode(), batch.batchId(),
                reader.approved(batch.batchId()).size(), LocalDate.now(CardApplicationListReader.ZONE));
        return download(bytes, "card-application-authorisation", CardAuthorisationForm.TITLE, id);
    }

    private Batch approved(String id, Actor actor) {
        Batch batch = reader.batch(id).filter(b -> scopes.sees(actor, b.unionPath()))
                .orElseThrow(() -> RegistryProblem.notFound("batch"));
        Permission.PRINT_CARD_APPLICATION_LIST.require(actor);
        if (!batch.status().approved()) {
            throw RegistryProblem.conflict("批次尚未审核通过，不能打印办卡材料",
                    "batch not approved: its card application papers cannot be printed yet");
        }
        return batch;
    }

    /** RFC 6266: an ASCII file name (the batch id reduced to safe characters) and the Chinese one as filename*. */
    private static ResponseEntity<byte[]> download(byte[] bytes, String asciiName, String chineseName, String id) {
        String safeId = id.replaceAll("[^A-Za-z0-9-]", "_");
        String encoded = URLEncoder.encode(chineseName + "-" + safeId + ".xlsx", StandardCharsets.UTF_8)
                .replace("+", "%20");
        return ResponseEntity.ok().contentType(XLSX).contentLength(bytes.length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + asciiName + "-" + safeId + ".xlsx\"; filename*=UTF-8''" + encoded)
                .body(bytes);
    }
}
