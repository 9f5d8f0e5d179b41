package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.ChainReport;
import cn.unioncard.registry.events.integrity.ChainVerifier;
import cn.unioncard.registry.events.integrity.Checkpoint;
import cn.unioncard.registry.events.integrity.Seal;
import cn.unioncard.registry.events.integrity.StoredEvent;
import org.postgresql.PGStatement;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import java.util.HashMap;
import java.util.Map;

/**
 * Verification straight from a database connection: used by the registry's verify endpoint and
 * by the offline verifier alike (a plain JdbcTemplate, no Spring context needed). Rows are read
 * through cursors, so a long chain does not have to fit in memory; call inside a transaction.
 */
final class ChainStore {

    /** Rows a round trip: about 2 MB of events. */
    private static final int FETCH = 1000;

    private final JdbcTemplate jdbc;

    ChainStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.jdbc.setFetchSize(500);
    }

    ChainReport verify(long from, long to, byte[] publicKey) {
        return verify(from, to, publicKey, new HashMap<>());
    }

    /** Like {@link #verify(long, long, byte[])}, also holding the chain to {@code trusted} hashes by position. */
    ChainReport verify(long from, long to, byte[] publicKey, Map<Long, byte[]> trusted) {
        byte[] start = jdbc.query("select hash from event_seal where global_index < ? order by global_index desc "
                + "limit 1", rs -> rs.next() ? rs.getBytes(1) : StoredEvent.genesis(), from);
        Map<Long, byte[]> checkpoints = new HashMap<>(trusted);
        java.util.List<Long> forged = new java.util.ArrayList<>();
        jdbc.query("select position, hash, signed_at, signature from chain_checkpoint where position between ? and ? "
                        + "order by position", rs -> {
                    Checkpoint c = new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(),
                            rs.getBytes(4));
                    if (c.verifies(publicKey)) {
                        checkpoints.putIfAbsent(c.position(), c.hash());
                    } else {
                        forged.add(c.position());
                    }
                }, from, to);
        if (!forged.isEmpty()) {
            // A stored checkpoint that its own key does not sign was written by someone else.
            return new ChainReport(false, from, to, 0, forged.get(0), ChainReport.Mismatch.CHECKPOINT,
                    "a stored checkpoint's signature does not verify");
        }
        // Rolled-back appends are rare: the range's recorded gaps fit in memory.
        java.util.Set<Long> gaps = new java.util.HashSet<>(jdbc.queryForList(
                "select global_index from event_gap where global_index between ? and ?", Long.class, from, to));
        Connection connection = DataSourceUtils.getConnection(jdbc.getDataSource());
        ChainFeed feed = new ChainFeed(sink -> {
            try {
                read(connection, from, to, sink);
            } catch (SQLException e) {
                // As JdbcTemplate would: an outage stays a DataAccessException, answered as one.
                DataAccessException translated = jdbc.getExceptionTranslator().translate("reading the chain", null, e);
                throw translated != null ? translated : new UncategorizedSQLException("reading the chain", null, e);
            }
        });
        try {
            return ChainVerifier.verify(from, to, feed.events(), feed.seals(), start, checkpoints, id -> {
                // Asked once, at a mismatch: the reader stops first, the connection is not shared between threads.
                feed.close();
                return Boolean.TRUE.equals(jdbc.queryForObject(
                        "select exists(select 1 from event_seal where event_identifier = ?)", Boolean.class, id));
            }, gaps::contains);
        } finally {
            feed.close();
            DataSourceUtils.releaseConnection(connection, jdbc.getDataSource());
        }
    }

    /**
     * Events and seals merged in global order, on the reading thread, through the caller's connection
     * (its transaction's snapshot). Binary results: bytea arrives as bytes rather than hex text.
     */
    private static void read(Connection connection, long from, long to, ChainFeed.Sink sink) throws SQLException {
        try (PreparedStatement ev = cursor(connection, "select " + StoredEvents.COLUMNS
                + " from domain_event_entry where global_index between ? and ? order by global_index", from, to);
             PreparedStatement se = cursor(connection, "select global_index, event_identifier, hash from event_seal "
                     + "where global_index between ? and ? order by global_index", from, to);
             ResultSet events = ev.executeQuery();
             ResultSet seals = se.executeQuery()) {
            StoredEvent e = events.next() ? StoredEvents.map(events, 0) : null;
            Seal s = seals.next() ? seal(seals) : null;
            if (s == null) {
                sink.sealsEnded();
            }
            boolean go = true;
            while (go && (e != null || s != null)) {
                if (s == null || (e != null && e.globalIndex() <= s.globalIndex())) {
                    go = sink.event(e);
                    e = events.next() ? StoredEvents.map(events, 0) : null;
                } else {
                    go = sink.seal(s);
                    s = seals.next() ? seal(seals) : null;
                    if (s == null) {
                        sink.sealsEnded();
                    }
                }
            }
        }
    }

    private static Seal seal(ResultSet rs) throws SQLException {
        return new Seal(rs.getLong(1), rs.getString(2), rs.getBytes(3));
    }

    private static PreparedStatement cursor(Connection connection, String sql, long from, long to)
            throws SQLException {
        PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        ps.setFetchSize(FETCH);
        if (ps.isWrapperFor(PGStatement.class)) {
            ps.unwrap(PGStatement.class).setPrepareThreshold(-1);
        }
        ps.setLong(1, from);
        ps.setLong(2, to);
        return ps;
    }
}
