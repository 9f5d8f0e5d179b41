package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.audit.AlertAcknowledged;
import cn.unioncard.registry.events.audit.AlertRule;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.problem.RegistryProblem;
import cn.unioncard.registry.events.validation.Violations;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The DPO's alerts and their acknowledgement. An acknowledgement is an event (it survives a replay of the
 * alerts) and is written to the row in the same transaction, so the answer and the next list show it.
 */
@RestController
class AlertController {

    record Item(String alertId, AlertRule rule, String label, String actor, String clientAddress, Instant raisedAt,
                Instant windowStart, Instant windowEnd, int count, int threshold, List<String> evidence, String state,
                String acknowledgedBy, Instant acknowledgedAt, String note) {
    }

    record Alerts(List<Item> items) {
    }

    record Acknowledgement(String note) {
    }

    private final AlertListing listing;
    private final AlertRows rows;
    private final EventBus events;

    AlertController(AlertListing listing, AlertRows rows, EventBus events) {
        this.listing = listing;
        this.rows = rows;
        this.events = events;
    }

    @GetMapping("/api/audit/alerts")
    Alerts alerts(@RequestParam(required = false) String state,
                  @RequestHeader(value = "Accept-Language", required = false) String language, Actor actor) {
        Permission.HANDLE_ALERTS.require(actor);
        String wanted = state == null ? "open" : state;
        if (!List.of("open", "acknowledged", "all").contains(wanted)) {
            new Violations().error("state", "state.unknown", "状态只能是 open、acknowledged 或 all",
                    "state is open, acknowledged or all").throwIfAny();
        }
        return new Alerts(listing.list("all".equals(wanted) ? null : wanted).stream()
                .map(a -> item(a, english(language))).toList());
    }

    @PostMapping("/api/audit/alerts/{id}/acknowledgement")
    @Transactional
    Item acknowledge(@PathVariable String id, @RequestBody Acknowledgement body,
                     @RequestHeader(value = "Accept-Language", required = false) String language, Actor actor) {
        Permission.HANDLE_ALERTS.require(actor);
        String state = listing.lockState(id).orElseThrow(() -> new RegistryProblem(RegistryProblem.Kind.NOT_FOUND,
                "未找到该告警", "no such alert"));
        String note = body == null || body.note() == null ? "" : body.note().trim();
        Violations v = new Violations();
        if (note.isEmpty()) {
            v.error("note", "required", "请填写核查结论", "note (what the review found) is required");
        } else if (note.length() > AlertAcknowledged.MAX_NOTE) {
            v.error("note", "length", "核查结论最多 " + AlertAcknowledged.MAX_NOTE + " 个字符",
                    "a note is at most " + AlertAcknowledged.MAX_NOTE + " characters");
        }
        v.throwIfAny();
        if (!"open".equals(state)) {
            throw RegistryProblem.conflict("该告警已确认", "the alert has already been acknowledged");
        }
        EventMessage<?> event = GenericEventMessage.asEventMessage(new AlertAcknowledged(id, note))
                .andMetaData(AuditMetadata.of(actor));
        events.publish(event);
        // As the projection will apply it (same values), so that this answer and the next list show it.
        rows.acknowledge(id, actor.username(), event.getTimestamp(), note);
        return item(listing.one(id).orElseThrow(), english(language));
    }

    private static Item item(AlertListing.Alert a, boolean english) {
        AlertRule rule = AlertRule.valueOf(a.rule());
        return new Item(a.alertId(), rule, english ? rule.en() : rule.zh(), a.actor(), a.clientAddress(), a.raisedAt(),
                a.windowStart(), a.windowEnd(), a.count(), a.threshold(), a.evidence(), a.state(), a.acknowledgedBy(),
                a.acknowledgedAt(), a.note());
    }

    private static boolean english(String language) {
        return language != null && language.trim().toLowerCase(Locale.ROOT).startsWith("en");
    }
}
