package cn.unioncard.registry.ops.projections;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.validation.Violations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The alert and the repairs of "When a projection fails" (README): the city admin and the DPO see
 * what every streaming projection has parked and how far it lags; the city admin retries or, for
 * an event that can never be projected, evicts it with a reason.
 */
@RestController
class DeadLetterController {

    record Eviction(String eventId, String reason) {
    }

    private static final int MIN_REASON = 5;
    private static final int MAX_REASON = 500;

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/api/operations/dead-letters")
    DeadLetters.Overview list(Actor actor) {
        Permission.READ_DEAD_LETTERS.require(actor);
        return deadLetters.overview();
    }

    @PostMapping("/api/operations/dead-letters/{group}/retry")
    DeadLetters.Retried retry(@PathVariable String group, Actor actor) {
        Permission.HANDLE_DEAD_LETTERS.require(actor);
        return deadLetters.retry(group, actor);
    }

    @PostMapping("/api/operations/dead-letters/{group}/evictions")
    DeadLetters.Evicted evict(@PathVariable String group, @RequestBody Eviction body, Actor actor) {
        Permission.HANDLE_DEAD_LETTERS.require(actor);
        Violations violations = new Violations();
        if (body.eventId() == null || body.eventId().isBlank()) {
            violations.error("eventId", "required", "请给出要放弃的事件编号", "name the parked event to give up");
        }
        String reason = body.reason() == null ? "" : body.reason().trim();
        if (reason.length() < MIN_REASON || reason.length() > MAX_REASON) {
            violations.error("reason", "length", "请说明放弃该事件的理由（" + MIN_REASON + "–" + MAX_REASON + " 个字符）",
                    "state why the event is given up (" + MIN_REASON + "–" + MAX_REASON + " characters)");
        }
        violations.throwIfAny();
        return deadLetters.evict(group, body.eventId(), reason, actor);
    }
}
