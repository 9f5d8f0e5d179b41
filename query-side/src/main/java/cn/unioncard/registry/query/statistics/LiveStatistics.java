package cn.unioncard.registry.query.statistics;

import cn.unioncard.registry.events.union.UnionLevel;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Today's statistics from the projection: the union's and its children's counted cells, one grouped
 * read of their rows (a few thousand at most, whatever the member count).
 */
@Component
class LiveStatistics {

    private final JdbcTemplate jdbc;

    LiveStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The union's statistics now; empty when the statistics do not know the union. */
    Optional<Figures.Statistics> of(String unionId, int year) {
        List<Figures.Union> self = jdbc.query("select union_id, parent_id, level, name from statistics_union"
                + " where union_id = ?", LiveStatistics::union, unionId);
        if (self.isEmpty()) {
            return Optional.empty();
        }
        List<Figures.Union> children = new ArrayList<>(jdbc.query("select union_id, parent_id, level, name"
                + " from statistics_union where parent_id = ?", LiveStatistics::union, unionId));
        children.sort(StatisticsModel.ORDER);
        List<String> ids = new ArrayList<>(children.stream().map(Figures.Union::id).toList());
        ids.add(unionId);
        Map<String, Map<String, Long>> cells = new HashMap<>();
        jdbc.query(c -> {
            var s = c.prepareStatement("select union_id, cell, sum(n) from statistics_count where union_id = any(?)"
                    + " group by union_id, cell");
            s.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            return s;
        }, rs -> {
            cells.computeIfAbsent(rs.getString(1), u -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
        });
        return Optional.of(Figures.of(self.get(0), children, id -> cells.getOrDefault(id, Map.of()), year,
                (Instant) null));
    }

    private static Figures.Union union(ResultSet rs, int row) throws SQLException {
        return new Figures.Union(rs.getString(1), rs.getString(2), UnionLevel.valueOf(rs.getString(3)),
                rs.getString(4));
    }
}
