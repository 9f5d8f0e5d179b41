package cn.unioncard.registry.command.card;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.card.IssuanceResult;
import cn.unioncard.registry.events.card.IssueCard;
import cn.unioncard.registry.events.card.RecordCardsHandedOut;
import cn.unioncard.registry.events.card.RecordIssuanceRun;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.Violations;
import jakarta.servlet.http.HttpServletRequest;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The bank's return of issued cards for a batch (发卡登记), as JSON rows or an uploaded .xlsx/.csv. What
 * refuses the whole request is checked before any row is tried; then each row is its own command and
 * transaction, tried in order (a number repeated further down the file is refused as taken), and the
 * run's outcomes are recorded for its report.
 */
@RestController
class CardIssuanceController {

    /** At most as many rows as a batch holds members. */
    static final int MAX_ROWS = RecordCardsHandedOut.MAX_MEMBERS;

    record Row(String idNumber, String name, String cardNumber, String cardType) {
    }

    record Issuance(String branch, LocalDate issuedOn, List<Row> rows) {
    }

    record RowOutcome(int row, String memberId, String cardId, String outcome, String message) {
    }

    record Report(String runId, String batchId, int total, int issued, int refused, List<RowOutcome> rows) {
    }

    private final CommandGateway commands;
    private final IssuanceGate gate;

    CardIssuanceController(CommandGateway commands, IssuanceGate gate) {
        this.commands = commands;
        this.gate = gate;
    }

    @PostMapping(path = "/api/batches/{id}/card-issuance", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Report> issue(@PathVariable String id, @RequestBody Issuance body, Actor actor,
                                 HttpServletRequest request) {
        IssuanceGate.Passed passed = gate.require(actor, id, body.branch(), body.issuedOn(), false);
        List<Row> given = body.rows() == null ? List.of() : body.rows();
        if (given.isEmpty()) {
            new Violations().error("rows", "required", "请列出发卡明细（rows）", "list the issued cards (rows)").throwIfAny();
        }
        if (given.size() > MAX_ROWS) {
            throw BankReturn.tooMany(MAX_ROWS);
        }
        List<BankReturn.Line> lines = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            Row r = given.get(i) == null ? new Row(null, null, null, null) : given.get(i);
            lines.add(new BankReturn.Line(i + 1, r.idNumber(), r.name(), r.cardNumber(), r.cardType()));
        }
        return run(id, passed, body.issuedOn(), "json", lines, request);
    }

    @PostMapping(path = "/api/batches/{id}/card-issuance", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<Report> upload(@PathVariable String id, Actor actor, HttpServletRequest request) throws IOException {
        if (!(request instanceof MultipartHttpServletRequest multipart)) {
            throw new RegistryProblem(RegistryProblem.Kind.UNSUPPORTED_MEDIA_TYPE,
                    "请以 multipart/form-data 上传文件（字段 file）", "upload the file as multipart/form-data (part file)");
        }
        LocalDate issuedOn = date(multipart.getParameter("issuedOn"));
        IssuanceGate.Passed passed = gate.require(actor, id, multipart.getParameter("branch"), issuedOn, false);
        MultipartFile file = multipart.getFile("file");
        if (file == null || file.isEmpty()) {
            new Violations().error("file", file == null ? "required" : "file.empty",
                    file == null ? "请上传文件（字段 file）" : "上传的文件是空的",
                    file == null ? "upload the file in the part named file" : "the uploaded file is empty").throwIfAny();
        }
        String[] source = new String[1];
        List<BankReturn.Line> lines;
        try (InputStream in = file.getInputStream()) {
            lines = BankReturn.read(in, BankReturn.Headers.of(multipart.getParameter("idNumberHeader"),
                    multipart.getParameter("nameHeader"), multipart.getParameter("cardNumberHeader"),
                    multipart.getParameter("cardTypeHeader")), MAX_ROWS, source);
        }
        return run(id, passed, issuedOn, source[0], lines, request);
    }

    private ResponseEntity<Report> run(String batchId, IssuanceGate.Passed passed, LocalDate issuedOn, String source,
                                       List<BankReturn.Line> lines, HttpServletRequest request) {
        String runId = UUID.randomUUID().toString();
        List<IssuanceResult> results = new ArrayList<>(lines.size());
        try {
            for (BankReturn.Line l : lines) {
                results.add(commands.sendAndWait(new IssueCard(batchId, runId, l.row(), l.idNumber(), l.name(),
                        l.cardNumber(), l.cardType(), passed.branch(), issuedOn)));
            }
        } catch (RuntimeException failed) {
            // The rows tried so far are applied: keep their report, so the cards issued are accounted for.
            if (!results.isEmpty()) {
                try {
                    commands.sendAndWait(new RecordIssuanceRun(runId, batchId, source, results));
                } catch (RuntimeException alsoFailed) {
                    failed.addSuppressed(alsoFailed);
                }
            }
            throw failed;
        }
        commands.sendAndWait(new RecordIssuanceRun(runId, batchId, source, results));
        boolean english = english(request);
        List<RowOutcome> rows = results.stream().map(r -> new RowOutcome(r.row(), r.memberId(), r.cardId(),
                r.outcome().name(), english ? r.outcome().en() : r.outcome().zh())).toList();
        int issued = (int) results.stream().filter(IssuanceResult::issued).count();
        return ResponseEntity.created(URI.create("/api/batches/" + batchId + "/card-issuance/" + runId + "/report.xlsx"))
                .body(new Report(runId, batchId, results.size(), issued, results.size() - issued, rows));
    }

    /** A form field's date (yyyy-MM-dd); null when absent, refused (400) when not a date. */
    private static LocalDate date(String raw) {
        if (FormFields.blank(raw)) {
            return null;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            new Violations().error("issuedOn", "date.format", "日期格式应为 2026-01-31", "a date must look like 2026-01-31")
                    .throwIfAny();
            return null;
        }
    }

    /** The answer's language, as the problems choose theirs: English when the request asks for it first. */
    private static boolean english(HttpServletRequest request) {
        String header = request.getHeader("Accept-Language");
        return header != null && header.trim().toLowerCase(Locale.ROOT).startsWith("en");
    }
}
