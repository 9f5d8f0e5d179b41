package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.audit.AccessDenied;
import cn.unioncard.registry.events.audit.AuditMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

import static cn.unioncard.registry.query.projection.StorableText.of;

/** Indexes denied attempts by actor, for an account's activity; in the alerts' group, so it replays with them. */
@Component
@ProcessingGroup(AlertProjection.GROUP)
class DenialProjection {

    private final JdbcTemplate jdbc;

    DenialProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AccessDenied denied, MetaData metaData, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.update("""
                insert into access_denial (denial_id, denied_at, kind, method, endpoint, actor_user, actor_role,
                    actor_organisation, client_address, correlation_id, attempted_user_key)
                values (?,?,?,?,?,?,?,?,?,?,?) on conflict do nothing""", of(denied.denialId()), Timestamp.from(at),
                denied.kind().name(), of(denied.method()), of(denied.endpoint()), string(metaData, AuditMetadata.USER),
                string(metaData, AuditMetadata.ROLE), string(metaData, AuditMetadata.ORGANISATION),
                string(metaData, AuditMetadata.CLIENT_ADDRESS), string(metaData, AuditMetadata.CORRELATION_ID),
                of(denied.attemptedUserKey()));
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from access_denial");
    }

    private static String string(MetaData metaData, String key) {
        Object v = metaData.get(key);
        return v == null ? null : of(v.toString());
    }
}
