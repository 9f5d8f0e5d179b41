package cn.unioncard.registry.query.member;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberRegistered;
import cn.unioncard.registry.events.member.MemberStatus;
import cn.unioncard.registry.query.union.UnionPaths;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Registered members' directory rows, their union's path and their counts, in one statement per
 * union for all the registrations of a processor batch (one for a typed registration, a whole
 * chunk for an import): rows and count slots added at once, never one round trip per member.
 * The row is the one {@link MemberEntry} maps, which later events still change through JPA.
 */
@Component
class NewMembers {

    /** Hibernate's own default JSON mapper, so the entity reads {@code details} exactly as it would have written it. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** The unit of work's resource holding the rows not yet written. */
    private static final String PENDING = NewMembers.class.getName() + ".pending";

    /** A directory row waiting for its batch to commit. */
    private record Row(String unionId, String memberId, String name, String idNumber, String tail, String mobile,
                       String details, long version, String at) {
    }

    private final JdbcTemplate jdbc;
    private final String sql;

    NewMembers(JdbcTemplate jdbc, UnionPaths unions) {
        this.jdbc = jdbc;
        this.sql = """
                with path as (select %s as union_path),
                rows as (
                    insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, mobile, details,
                        authorised, version, registered_at, updated_at)
                    select r.id, ?, path.union_path, ?, r.name, r.id_number, r.id_tail, r.mobile, r.details::jsonb,
                        false, r.version, r.at::timestamptz, r.at::timestamptz
                    from path, unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[],
                        ?::bigint[], ?::text[]) as r(id, name, id_number, id_tail, mobile, details, version, at)
                    where path.union_path is not null
                    returning 1),
                added as (select count(*) as n from rows)
                insert into member_count (union_id, status, slot, members)
                select ?, ?, s.slot, s.members from added, unnest(?::smallint[], ?::int[]) as s(slot, members)
                where added.n = ?
                %s""".formatted(unions.pathExpression(), MemberCounts.ADD_TO_SLOT);
    }

    /**
     * Queued with the processor's batch of events and written with it when the batch commits;
     * at once outside a unit of work.
     */
    void insert(MemberRegistered event, long version, Instant at) {
        Row row = row(event, version, at);
        if (!CurrentUnitOfWork.isStarted()) {
            write(List.of(row));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Row> pending = unitOfWork.getOrComputeResource(PENDING, key -> {
            unitOfWork.onPrepareCommit(u -> flush());
            return new ArrayList<Row>();
        });
        pending.add(row);
    }

    /** Writes the queued rows now: before anything else of the batch reads or changes the directory. */
    void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            List<Row> pending = CurrentUnitOfWork.get().getResource(PENDING);
            if (pending != null && !pending.isEmpty()) {
                List<Row> rows = new ArrayList<>(pending);
                pending.clear();
                write(rows);
            }
        }
    }

    private void write(List<Row> rows) {
        Map<String, List<Row>> byUnion = new LinkedHashMap<>();
        rows.forEach(r -> byUnion.computeIfAbsent(r.unionId(), u -> new ArrayList<>()).add(r));
        byUnion.forEach((union, members) -> jdbc.execute((ConnectionCallback<Void>) c -> {
            write(c, union, members);
            return null;
        }));
    }

    /** Fails, changing nothing, when the union is not in the directory (it is, in the same transaction). */
    private void write(Connection c, String unionId, List<Row> rows) throws SQLException {
        Map<Integer, Integer> slots = new TreeMap<>();
        rows.forEach(r -> slots.merge(MemberCounts.slot(r.memberId()), 1, Integer::sum));
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int p = 1;
            s.setString(p++, unionId);
            s.setString(p++, unionId);
            s.setString(p++, MemberStatus.ACTIVE.name());
            s.setArray(p++, c.createArrayOf("varchar", rows.stream().map(Row::memberId).toArray()));
            s.setArray(p++, c.createArrayOf("varchar", rows.stream().map(Row::name).toArray()));
            s.setArray(p++, c.createArrayOf("varchar", rows.stream().map(Row::idNumber).toArray()));
            s.setArray(p++, c.createArrayOf("varchar", rows.stream().map(Row::tail).toArray()));
            s.setArray(p++, c.createArrayOf("varchar", rows.stream().map(Row::mobile).toArray()));
            s.setArray(p++, c.createArrayOf("text", rows.stream().map(Row::details).toArray()));
            s.setArray(p++, c.createArrayOf("bigint", rows.stream().map(Row::version).toArray()));
            s.setArray(p++, c.createArrayOf("text", rows.stream().map(Row::at).toArray()));
            s.setString(p++, unionId);
            s.setString(p++, MemberStatus.ACTIVE.name());
            s.setArray(p++, c.createArrayOf("smallint", slots.keySet().stream().map(Integer::shortValue).toArray()));
            s.setArray(p++, c.createArrayOf("int4", slots.values().toArray()));
            s.setInt(p, rows.size());
            if (s.executeUpdate() != slots.size()) {
                throw new EmptyResultDataAccessException(rows.size());
            }
        }
    }

    private static Row row(MemberRegistered event, long version, Instant at) {
        MemberDetails d = event.details();
        return new Row(event.unionId(), event.memberId(), d.name(), d.idNumber(), MemberEntry.tailOf(d.idNumber()),
                d.mobile(), json(d), version, at.toString());
    }

    private static String json(MemberDetails details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            // A record of strings, dates and flags always serialises; the message could quote a value.
            throw new IllegalStateException("member details could not be written as JSON");
        }
    }
}
