package cn.unioncard.registry.query.audit;

import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static cn.unioncard.registry.query.projection.StorableText.of;

/**
 * Indexes recorded reads by member, for the member's history and the DPO's review. Rows are
 * batch-inserted and a replay inserts nothing twice. A NUL becomes U+FFFD (the record stays as
 * stored); whatever still fails parks the event as a dead letter, which the history reads too.
 */
@Component
@ProcessingGroup(AccessLog.PROCESSING_GROUP)
class AccessLogProjection {

    private final JdbcTemplate jdbc;

    /** Streams: 2 threads over 4 segments, 200 reads per batch insert. */
    @Bean
    static ProcessorSettings accessLogProcessor() {
        return ProcessorSettings.pooled(AccessLog.PROCESSING_GROUP, 2, 4, 200).projecting("member_access");
    }

    AccessLogProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PersonalDataAccessed event, MetaData metaData, @org.axonframework.eventhandling.Timestamp Instant at) {
        List<Object[]> rows = new ArrayList<>();
        for (String memberId : event.memberIds()) {
            rows.add(new Object[]{of(event.accessId()), of(memberId), Timestamp.from(at),
                    string(metaData, AuditMetadata.USER), string(metaData, AuditMetadata.ROLE),
                    string(metaData, AuditMetadata.ORGANISATION), string(metaData, AuditMetadata.CLIENT_ADDRESS),
                    string(metaData, AuditMetadata.CORRELATION_ID), of(String.join(",", event.fields())),
                    event.revealed(), of(event.purpose()), of(event.endpoint())});
        }
        jdbc.batchUpdate("""
                insert into member_access (access_id, member_id, accessed_at, actor_user, actor_role,
                    actor_organisation, client_address, correlation_id, fields, revealed, purpose, endpoint)
                values (?,?,?,?,?,?,?,?,?,?,?,?) on conflict do nothing""", rows);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from member_access");
    }

    private static String string(MetaData metaData, String key) {
        Object v = metaData.get(key);
        return v == null ? null : of(v.toString());
    }
}
