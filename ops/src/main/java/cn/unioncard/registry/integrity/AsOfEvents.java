package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.card.CardIssued;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * An aggregate's stored events up to an instant, read in sequence and opened as the statistics'
 * as-of replay reads them (the store's timestamp decides, the event serializer opens): what the
 * as-of states fold, here in ops, without the command side's aggregates.
 */
@Component
class AsOfEvents {

    /** One event of the trail: its sequence, time and payload (null if unreadable). */
    record Past(long sequence, Instant at, Object payload) {
    }

    /** An aggregate's events up to the instant; empty when it did not exist yet. */
    record Trail(String aggregateType, List<Past> events) {
        Past last() {
            return events.get(events.size() - 1);
        }
    }

    private final JdbcTemplate jdbc;
    private final EventPayloads payloads;

    AsOfEvents(JdbcTemplate jdbc, EventPayloads payloads) {
        this.jdbc = jdbc;
        this.payloads = payloads;
    }

    Trail of(String aggregateId, Instant asOf) {
        List<String> types = new java.util.ArrayList<>();
        List<Past> events = jdbc.query("select " + StoredEvents.COLUMNS + " from domain_event_entry "
                + "where aggregate_identifier = ? and time_stamp::timestamptz <= ?::timestamptz order by sequence_number",
                (rs, row) -> {
                    var e = StoredEvents.map(rs, row);
                    types.add(e.aggregateType());
                    return new Past(e.sequenceNumber(), Instant.parse(e.timestamp()), payloads.open(e));
                }, aggregateId, asOf.toString());
        return new Trail(types.isEmpty() ? null : types.get(0), events);
    }

    /** The cards issued to the member up to the instant, in order of issue (the holder is in clear in the payload). */
    List<String> cardsOf(String memberId, Instant asOf) {
        return jdbc.queryForList("select aggregate_identifier from domain_event_entry where payload_type = ? "
                + "and time_stamp::timestamptz <= ?::timestamptz and convert_from(payload, 'UTF8')::jsonb ->> 'memberId' = ? "
                + "order by global_index", String.class, CardIssued.class.getName(), asOf.toString(), memberId);
    }
}
