package cn.unioncard.registry.query.batch;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Which members an open or approved batch holds (not returned, not erased): those a new batch cannot take,
 * so the registry-made offline report leaves them out. By batch_member_view_member.
 */
@Component
public class HeldByBatches {

    private final JdbcTemplate jdbc;

    HeldByBatches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Set<String> among(Collection<String> memberIds) {
        if (memberIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("""
                        select distinct m.member_id from batch_member_view m join batch_view b on b.batch_id = m.batch_id
                        where m.member_id = any (?) and m.state in ('SUBMITTED', 'APPROVED') and b.status = any (?)""",
                String.class, memberIds.toArray(String[]::new), BatchReview.HOLDING));
    }
}
