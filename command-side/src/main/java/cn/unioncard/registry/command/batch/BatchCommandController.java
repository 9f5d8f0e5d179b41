package cn.unioncard.registry.command.batch;

import cn.unioncard.registry.events.batch.ApproveBatch;
import cn.unioncard.registry.events.batch.BatchSubmission;
import cn.unioncard.registry.events.batch.RecordBatchHandedToBank;
import cn.unioncard.registry.events.batch.RejectBatch;
import cn.unioncard.registry.events.batch.SubmitBatch;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Submitting, reviewing and handing over batches (上报、审核、交付银行). Reads are on the query side.
 * {@code @ResponseStatus} repeats the status each answer has, for the API description.
 */
@RestController
class BatchCommandController {

    record Submission(List<String> memberIds, Boolean allPending, String replaces) {
    }

    record Approval(Map<String, String> excluded) {
    }

    record Rejection(String reason, Map<String, String> members) {
    }

    record Handover(String branch, LocalDate handedOverOn, String carriedBy) {
    }

    /** What a review or hand-over answers: the batch it changed. */
    record Changed(String batchId) {
    }

    private final CommandGateway commands;

    BatchCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping("/api/unions/{unionId}/batches")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<BatchSubmission> submit(@PathVariable String unionId, @RequestBody Submission body) {
        BatchSubmission result = commands.sendAndWait(new SubmitBatch(UUID.randomUUID().toString(), unionId,
                body.memberIds(), Boolean.TRUE.equals(body.allPending()), body.replaces()));
        return ResponseEntity.created(URI.create("/api/batches/" + result.batchId())).body(result);
    }

    @PostMapping("/api/batches/{id}/approval")
    Changed approve(@PathVariable String id, @RequestBody(required = false) Approval body) {
        commands.sendAndWait(new ApproveBatch(id, body == null || body.excluded() == null ? Map.of() : body.excluded()));
        return new Changed(id);
    }

    @PostMapping("/api/batches/{id}/rejection")
    Changed reject(@PathVariable String id, @RequestBody Rejection body) {
        commands.sendAndWait(new RejectBatch(id, body.reason(), body.members() == null ? Map.of() : body.members()));
        return new Changed(id);
    }

    @PostMapping("/api/batches/{id}/handover")
    Changed handOver(@PathVariable String id, @RequestBody Handover body) {
        commands.sendAndWait(new RecordBatchHandedToBank(id, body.branch(), body.handedOverOn(), body.carriedBy()));
        return new Changed(id);
    }
}
