package cn.unioncard.registry.query.member;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What another capability may know of some members for a page it shows (a batch's review page): the
 * narrow directory columns by primary key, unmasked; the caller masks and records the read.
 */
// Named: command.member has a MemberFacts bean too, and the default names (the simple class name) collide.
@Component("queryMemberFacts")
public class MemberFacts {

    /** One member as the directory holds it now; {@code erased} when the personal data is gone. */
    public record Fact(String memberId, String unionId, String status, String name, String idType, String idNumber,
                       String mobile, boolean authorised, LocalDate authorisedOn, long version, boolean erased) {
    }

    private final JdbcTemplate jdbc;

    MemberFacts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The members of {@code ids} the directory holds, by id (absent ids are left out). */
    public Map<String, Fact> of(Collection<String> ids) {
        Map<String, Fact> facts = new LinkedHashMap<>();
        if (ids.isEmpty()) {
            return facts;
        }
        jdbc.query("""
                select id, union_id, status, name, details ->> 'idType', id_number, mobile, authorised,
                       authorised_on, version, erased_at is not null
                from member_view where id = any (?)""", rs -> {
            java.sql.Date on = rs.getDate(9);
            facts.put(rs.getString(1), new Fact(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
                    on == null ? null : on.toLocalDate(), rs.getLong(10), rs.getBoolean(11)));
        }, (Object) ids.toArray(String[]::new));
        return facts;
    }
}
