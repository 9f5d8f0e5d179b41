package cn.unioncard.registry.privacy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An erased member's earlier row versions (their wrapped key, their directory row) stay in the
 * table files as dead tuples; with a copy of the files and the master key the key could be read
 * back. So each erasure is followed, once it commits and off the request's thread, by a VACUUM FULL
 * of data_key, which rewrites that small table without them (a plain VACUUM frees the space but may
 * leave the bytes in the page), and a plain VACUUM, indexes included (PostgreSQL may skip them after
 * a single dead row), of the directory tables (and batch_member_view, which held reviewers' reasons about the member, the card views, which held masked card numbers, and statistics_member, which held
 * the sex and birth year read from the ID number), which are too big to lock for a rewrite. Write-ahead log segments keep old versions until they are recycled.
 */
@Component
class RowRemnants implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RowRemnants.class);

    private final JdbcTemplate jdbc;
    private final ExecutorService vacuums = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "erasure-vacuum");
        t.setDaemon(true);
        return t;
    });

    RowRemnants(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void removeSoon() {
        vacuums.submit(() -> {
            try {
                jdbc.execute("vacuum full data_key");
                jdbc.execute("vacuum (index_cleanup on) member_view, membership_lookup, batch_member_view, "
                        + "card_view, card_change_view, statistics_member");
            } catch (DataAccessException e) {
                log.warn("Could not vacuum after an erasure ({}); autovacuum will remove the old row versions later",
                        e.getMostSpecificCause().getMessage());
            }
        });
    }

    @Override
    public void destroy() {
        vacuums.shutdownNow();
    }
}
