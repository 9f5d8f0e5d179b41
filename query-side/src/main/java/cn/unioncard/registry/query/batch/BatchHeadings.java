package cn.unioncard.registry.query.batch;

import cn.unioncard.registry.events.batch.BatchStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * What another capability may know of a batch to serve a page under it (the cards issued for it): its
 * union, the union's path for the scope check, its status and content hash. By batch_view's primary key.
 */
@Component
public class BatchHeadings {

    /** A batch's heading facts. */
    public record Fact(String batchId, String unionId, String unionPath, BatchStatus status, String contentHash) {
    }

    private final JdbcTemplate jdbc;

    BatchHeadings(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Fact> of(String batchId) {
        return jdbc.query("select batch_id, union_id, union_path, status, content_hash from batch_view where batch_id = ?",
                (rs, i) -> new Fact(rs.getString(1), rs.getString(2), rs.getString(3),
                        BatchStatus.valueOf(rs.getString(4)), rs.getString(5).trim()), batchId).stream().findFirst();
    }
}
