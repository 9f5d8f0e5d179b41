package cn.unioncard.registry.query.audit.alert;

import cn.unioncard.registry.events.account.Actor;
import cn.unioncard.registry.events.audit.AccessDenied;
import cn.unioncard.registry.events.audit.AlertAcknowledged;
import cn.unioncard.registry.events.audit.AlertRule;
import cn.unioncard.registry.events.audit.AuditMetadata;
import cn.unioncard.registry.events.audit.PersonalDataAccessed;
import cn.unioncard.registry.query.audit.alert.AlertWindows.Evidence;
import cn.unioncard.registry.query.audit.alert.AlertWindows.Subject;
import cn.unioncard.registry.query.projection.ProcessorSettings;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.MetaData;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/**
 * Computes the DPO's alerts continuously from recorded reads and denials (AlertRule's five rules, thresholds
 * from {@link AlertSettings}). One thread over one segment: the rules count across events, in stored order,
 * so that a replay computes the same alerts under the same ids; acknowledgements are events and replay too.
 */
@Component
@ProcessingGroup(AlertProjection.GROUP)
class AlertProjection {

    static final String GROUP = "alerts";

    private final AlertWindows windows;
    private final AlertRows rows;
    private final AlertSettings settings;
    private final ScopeCanary canary;

    /** Streams in one sequence (the rules count across events): 1 thread, 1 segment, 100 per batch. */
    @Bean
    static ProcessorSettings alertsProcessor() {
        return ProcessorSettings.pooled(GROUP, 1, 1, 100).projecting("audit_alert", "alert_signal", "access_denial");
    }

    AlertProjection(AlertWindows windows, AlertRows rows, AlertSettings settings, ScopeCanary canary) {
        this.windows = windows;
        this.rows = rows;
        this.settings = settings;
        this.canary = canary;
    }

    @EventHandler
    void on(PersonalDataAccessed read, MetaData metaData, @Timestamp Instant at) {
        String user = string(metaData, AuditMetadata.USER);
        if (user == null || read.memberIds() == null) {
            return;
        }
        Subject actor = Subject.actor(user);
        if (read.revealed()) {
            windows.sliding(AlertRule.MASS_REVEAL, actor, new Evidence(read.accessId(), at, read.memberIds()),
                    settings.revealWindow(), settings.revealThreshold(), true);
        }
        if (settings.offHours(at)) {
            windows.daily(AlertRule.OFF_HOURS_READ, actor, new Evidence(read.accessId(), at, List.of(read.accessId())),
                    1, false);
        }
        if (Exports.named(read.endpoint())) {
            windows.daily(AlertRule.MASS_EXPORT, actor, new Evidence(read.accessId(), at, read.memberIds()),
                    settings.exportThreshold(), true);
        }
        Actor reader = AuditMetadata.from(metaData);
        List<String> outside = reader == null ? List.of() : canary.outsideScope(reader, read.memberIds());
        if (!outside.isEmpty()) {
            windows.daily(AlertRule.OUT_OF_SCOPE_READ, actor, new Evidence(read.accessId(), at, outside), 1, false);
        }
    }

    @EventHandler
    void on(AccessDenied denied, MetaData metaData, @Timestamp Instant at) {
        Evidence evidence = new Evidence(denied.denialId(), at, List.of(denied.denialId()));
        String user = string(metaData, AuditMetadata.USER);
        // "?" is everyone who typed a name no account has: not one actor.
        if (user != null && !user.equals("?")) {
            windows.sliding(AlertRule.REPEATED_DENIALS, Subject.actor(user), evidence, settings.denialWindow(),
                    settings.denialThreshold(), false);
        }
        String address = string(metaData, AuditMetadata.CLIENT_ADDRESS);
        if (address != null) {
            windows.sliding(AlertRule.REPEATED_DENIALS, Subject.address(address), evidence, settings.denialWindow(),
                    settings.denialThreshold(), false);
        }
    }

    @EventHandler
    void on(AlertAcknowledged acknowledged, MetaData metaData, @Timestamp Instant at) {
        rows.acknowledge(acknowledged.alertId(), string(metaData, AuditMetadata.USER), at, acknowledged.note());
    }

    @ResetHandler
    void reset() {
        rows.reset();
    }

    private static String string(MetaData metaData, String key) {
        Object v = metaData.get(key);
        return v == null || v.toString().isEmpty() ? null : v.toString();
    }
}
