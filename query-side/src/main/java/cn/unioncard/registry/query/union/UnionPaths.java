package cn.unioncard.registry.query.union;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * A union's place in the tree ({@code /root/…/self/}), read from the union directory: the one
 * lookup of union_view's paths that scope checks and other projections ask. Plain JDBC, so a
 * streaming projection may ask it too, and it sees rows written earlier in the same transaction.
 */
@Component
public class UnionPaths implements AggregatePaths {

    private final JdbcTemplate jdbc;

    UnionPaths(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The union's path; empty when the directory has no such union. */
    @Override
    public Optional<String> pathOf(String unionId) {
        return jdbc.queryForList("select path from union_view where id = ?", String.class, unionId)
                .stream().findFirst();
    }

    /**
     * The same lookup as an SQL expression with one parameter (the union's id), for a projection that
     * stores the path with its row in one statement: null when the directory has no such union.
     */
    public String pathExpression() {
        return "(select path from union_view where id = ?)";
    }
}
