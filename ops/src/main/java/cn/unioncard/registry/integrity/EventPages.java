package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.batch.BatchEvent;
import cn.unioncard.registry.events.card.CardEvent;
import cn.unioncard.registry.events.integrity.StoredEvent;
import cn.unioncard.registry.events.member.MemberEvent;
import cn.unioncard.registry.events.privacy.PersonalFields;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * Reads the stream's pages from the store, only up to the settled head (the last index sealed or
 * declared a gap): an index past it may still be filled by a transaction that commits late, and a
 * cursor that had passed it would miss that event for good.
 */
@Component
class EventPages {

    /** The page's positions (at most limit), and whether more match after them. */
    record Span(List<Long> positions, boolean hasMore) {
        long last(long after) {
            return positions.isEmpty() ? after : positions.get(positions.size() - 1);
        }
    }

    /** The stored types whose payload holds a member's personal data; all name the member as {@code memberId}. */
    static final String[] PERSONAL_TYPES = Stream.of(MemberEvent.class, CardEvent.class, BatchEvent.class)
            .flatMap(t -> Stream.of(t.getPermittedSubclasses())).filter(PersonalFields::carriesPersonalData)
            .map(Class::getName).toArray(String[]::new);

    private final JdbcTemplate jdbc;

    EventPages(JdbcTemplate jdbc) {
        this.jdbc = new JdbcTemplate(jdbc.getDataSource());
        this.jdbc.setFetchSize(500);
    }

    long settledHead() {
        Long head = jdbc.queryForObject("select greatest((select max(global_index) from event_seal), "
                + "(select max(global_index) from event_gap))", Long.class);
        return head == null ? 0 : head;
    }

    Span span(EventQuery q, long head) {
        List<Object> args = EventQuery.args();
        String where = q.where(head, args);
        args.add(q.limit() + 1);
        List<Long> found = jdbc.queryForList("select global_index from domain_event_entry where " + where
                + " order by global_index limit ?", Long.class, args.toArray());
        boolean more = found.size() > q.limit();
        return new Span(more ? found.subList(0, q.limit()) : found, more);
    }

    /** The members whose personal data the events of the page carry (encrypted or not). */
    List<String> membersNamed(EventQuery q, long last) {
        List<Object> args = EventQuery.args();
        String where = q.where(last, args);
        args.add(PERSONAL_TYPES);
        return jdbc.queryForList("select distinct convert_from(payload, 'UTF8')::jsonb ->> 'memberId' "
                + "from domain_event_entry where " + where + " and payload_type = any(?)", String.class, args.toArray())
                .stream().filter(java.util.Objects::nonNull).toList();
    }

    /** Each event of the page in order, with its seal (null if unsealed), streamed. */
    void rows(EventQuery q, long last, BiConsumer<StoredEvent, byte[]> each) {
        List<Object> args = EventQuery.args();
        String where = q.where(last, args).replace("global_index", "e.global_index");
        jdbc.query("select " + StoredEvents.columns("e.") + ", s.hash from domain_event_entry e "
                + "left join event_seal s on s.global_index = e.global_index where " + where
                + " order by e.global_index", rs -> {
            each.accept(StoredEvents.map(rs, 0), rs.getBytes(11));
        }, args.toArray());
    }

    List<Long> gaps(long after, long last) {
        return jdbc.queryForList("select global_index from event_gap where global_index > ? and global_index <= ? "
                + "order by global_index", Long.class, after, last);
    }

    /** The chain's hash just after {@code position} (the genesis hash at 0). */
    byte[] hashAt(long position) {
        return jdbc.query("select hash from event_seal where global_index <= ? order by global_index desc limit 1",
                rs -> rs.next() ? rs.getBytes(1) : StoredEvent.genesis(), position);
    }

    /** Those of {@code members} whose personal data was erased. */
    List<String> erased(List<String> members) {
        if (members.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("select aggregate_identifier from domain_event_entry where payload_type = ? "
                + "and aggregate_identifier = any(?)", String.class,
                cn.unioncard.registry.events.member.PersonalDataErased.class.getName(), members.toArray(String[]::new));
    }
}
