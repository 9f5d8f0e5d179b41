package cn.unioncard.registry.query.member;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.List;

/**
 * A union's active members with a recorded authorisation (授权单位代申领工会卡), in registration order: the
 * members a union could report, for the registry-made offline report file. By member_view_union.
 */
@Component
public class AuthorisedMembers {

    /** A member's id and the day its authorisation was received. */
    public record Authorised(String memberId, LocalDate authorisedOn) {
    }

    private final JdbcTemplate jdbc;

    AuthorisedMembers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public List<Authorised> of(String unionId) {
        return jdbc.query("""
                        select id, authorised_on from member_view
                        where union_id = ? and status = 'ACTIVE' and erased_at is null and authorised_on is not null
                        order by registered_at, id""",
                (rs, i) -> new Authorised(rs.getString(1), rs.getObject(2, LocalDate.class)), unionId);
    }
}
