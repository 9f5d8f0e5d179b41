package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.integrity.StoredEvent;

import java.sql.ResultSet;
import java.sql.SQLException;

/** How stored events are read for the chain: the columns of domain_event_entry, as stored. */
final class StoredEvents {

    private static final String[] NAMES = {"global_index", "event_identifier", "type", "aggregate_identifier",
            "sequence_number", "payload_type", "payload_revision", "time_stamp", "payload", "meta_data"};
    static final String COLUMNS = columns("");
    /** The stored aggregate type (column {@code type}) of a member: Axon's simple name of the aggregate class. */
    static final String MEMBER = "Member";

    /** The columns, each prefixed with {@code alias} (such as "e.") for joins. */
    static String columns(String alias) {
        return String.join(", ", java.util.Arrays.stream(NAMES).map(n -> alias + n).toList());
    }

    private StoredEvents() {
    }

    static StoredEvent map(ResultSet rs, int row) throws SQLException {
        return new StoredEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBytes(9), rs.getBytes(10));
    }
}
