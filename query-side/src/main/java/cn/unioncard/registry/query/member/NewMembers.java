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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered member's directory row, its union's path and its count, in one statement: the
 * registration's hottest write, one round trip instead of a path lookup, a JPA flush and a count
 * update. The row is the one {@link MemberEntry} maps, which later events still change through JPA.
 */
@Component
class NewMembers {

    /** Hibernate's own default JSON mapper, so the entity reads {@code details} exactly as it would have written it. */
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    /** The unit of work's resource holding the rows not yet written. */
    private static final String PENDING = NewMembers.class.getName() + ".pending";

    private final JdbcTemplate jdbc;
    private final String sql;

    NewMembers(JdbcTemplate jdbc, UnionPaths unions) {
        this.jdbc = jdbc;
        this.sql = """
                with path as (select %s as union_path),
                row as (
                    insert into member_view (id, union_id, union_path, status, name, id_number, id_tail, mobile, details,
                        authorised, version, registered_at, updated_at)
                    select ?, ?, union_path, ?, ?, ?, ?, ?, ?::jsonb, false, ?, ?, ?
                    from path where union_path is not null
                    returning union_id, status)
                insert into member_count (union_id, status, slot, members)
                select union_id, status, ?, 1 from row
                %s""".formatted(unions.pathExpression(), MemberCounts.ADD_TO_SLOT);
    }

    /**
     * Queued with the processor's batch of events and written with it as one JDBC batch when the
     * batch commits (an import's chunk: one round trip, not one per member); alone outside a unit of work.
     */
    void insert(MemberRegistered event, long version, Instant at) {
        Object[] row = row(event, version, at);
        if (!CurrentUnitOfWork.isStarted()) {
            write(List.<Object[]>of(row));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get();
        List<Object[]> pending = unitOfWork.getOrComputeResource(PENDING, key -> {
            unitOfWork.onPrepareCommit(u -> flush());
            return new ArrayList<Object[]>();
        });
        pending.add(row);
    }

    /** Writes the queued rows now: before anything else of the batch reads or changes the directory. */
    void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            List<Object[]> pending = CurrentUnitOfWork.get().getResource(PENDING);
            if (pending != null && !pending.isEmpty()) {
                List<Object[]> rows = new ArrayList<>(pending);
                pending.clear();
                write(rows);
            }
        }
    }

    /** Fails, changing nothing, when a member's union is not in the directory (it is, in the same transaction). */
    private void write(List<Object[]> rows) {
        int[] counted = rows.size() == 1 ? new int[] {jdbc.update(sql, rows.get(0))} : jdbc.batchUpdate(sql, rows);
        for (int c : counted) {
            if (c != 1) {
                throw new EmptyResultDataAccessException(1);
            }
        }
    }

    private static Object[] row(MemberRegistered event, long version, Instant at) {
        MemberDetails d = event.details();
        Timestamp when = Timestamp.from(at);
        return new Object[] {event.unionId(), event.memberId(), event.unionId(), MemberStatus.ACTIVE.name(),
                d.name(), d.idNumber(), MemberEntry.tailOf(d.idNumber()), d.mobile(), json(d), version, when, when,
                MemberCounts.slot(event.memberId())};
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
