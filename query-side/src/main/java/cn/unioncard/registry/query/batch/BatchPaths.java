package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.query.union.AggregatePaths;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Where a batch sits in the union tree (its union's path, copied into its row): the scope of every batch read. */
@Component
class BatchPaths implements AggregatePaths {

    private final JdbcTemplate jdbc;

    BatchPaths(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> pathOf(String batchId) {
        return jdbc.queryForList("select union_path from batch_view where batch_id = ?", String.class, batchId)
                .stream().findFirst();
    }
}
