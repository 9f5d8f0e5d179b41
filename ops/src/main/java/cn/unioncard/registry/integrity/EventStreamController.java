package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.account.Permission;
import cn.unioncard.registry.events.integrity.StoredEvent;
import cn.unioncard.registry.events.privacy.PersonalFields;
import cn.unioncard.registry.query.audit.AccessLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The global event stream for auditors, paged by position (a cursor: a whole history can be pulled
 * and replayed outside). JSON shows payloads opened and masked, or revealed with a purpose; the
 * NDJSON form is the chain export's own lines, sealed as stored, so the pages put together verify
 * offline. Every page records the members its events carry data of.
 */
@RestController
class EventStreamController {

    record EventItem(long position, String eventId, String aggregateType, String aggregateId, long sequence,
                     String type, String payloadType, Instant timestamp, JsonNode metadata, JsonNode payload) {
    }

    record EventPage(List<EventItem> items, long nextAfterPosition, boolean hasMore) {
    }

    static final String PATH = "/api/audit/events";
    static final List<String> FIELDS = List.of("events");

    private final EventPages pages;
    private final EventPayloads payloads;
    private final AccessLog accessLog;
    private final ObjectMapper json;

    EventStreamController(EventPages pages, EventPayloads payloads, AccessLog accessLog, ObjectMapper json) {
        this.pages = pages;
        this.payloads = payloads;
        this.accessLog = accessLog;
        this.json = json;
    }

    @GetMapping(PATH)
    ResponseEntity<EventPage> events(@RequestParam(required = false) Long afterPosition,
                                     @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) String aggregateType,
                                     @RequestParam(required = false) String aggregateId,
                                     @RequestParam(required = false) String payloadType,
                                     @RequestParam(required = false) String from,
                                     @RequestParam(required = false) String to,
                                     @RequestParam(defaultValue = "false") boolean reveal,
                                     @RequestHeader(value = "Accept", required = false) String accept,
                                     HttpServletResponse response, Actor actor) throws IOException {
        Permission.READ_EVENT_STREAM.require(actor);
        boolean lines = accept != null && accept.contains(ChainExport.MEDIA_TYPE);
        EventQuery q = EventQuery.of(afterPosition, limit, aggregateType, aggregateId, payloadType, from, to, lines);
        if (reveal && !lines) {
            Permission.REVEAL_EVENT_PAYLOADS.require(actor);
        }
        EventPages.Span span = pages.span(q, pages.settledHead());
        long last = span.last(q.afterPosition());
        List<String> members = span.positions().isEmpty() ? List.of() : pages.membersNamed(q, last);
        boolean revealed = reveal && !lines;
        accessLog.record(actor, members, FIELDS, revealed, revealed ? "GET " + PATH + "?reveal=true" : "GET " + PATH);
        if (lines) {
            EventLines.write(response, json, pages, q, span, next(last, span.hasMore()));
            return null;
        }
        Set<String> erased = new HashSet<>(pages.erased(members));
        List<EventItem> items = new ArrayList<>();
        pages.rows(q, last, (e, seal) -> items.add(item(e, erased, revealed)));
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok();
        if (span.hasMore()) {
            ok.header("Link", "<" + next(last, true) + ">; rel=\"next\"");
        }
        return ok.body(new EventPage(items, last, span.hasMore()));
    }

    private EventItem item(StoredEvent e, Set<String> erased, boolean reveal) {
        Object payload = payloads.open(e);
        String subject = payload instanceof Record r ? PersonalFields.subjectOf(r) : null;
        PersonalMask.View view = subject != null && erased.contains(subject) ? PersonalMask.View.ERASED
                : reveal ? PersonalMask.View.REVEALED : PersonalMask.View.MASKED;
        String type = e.payloadType().substring(e.payloadType().lastIndexOf('.') + 1);
        return new EventItem(e.globalIndex(), e.eventIdentifier(), e.aggregateType(), e.aggregateIdentifier(),
                e.sequenceNumber(), type, e.payloadType(), instant(e.timestamp()), payloads.metadata(e),
                payloads.shown(payload, view));
    }

    /** The same request from the next cursor on: null when the stream has nothing more for now. */
    private static String next(long last, boolean more) {
        return more ? ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("afterPosition", last)
                .build().toUriString() : null;
    }

    private static Instant instant(String stored) {
        try {
            return Instant.parse(stored);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
