package cn.unioncard.registry.events.audit;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * The DPO looked into an alert and says what was found. An event (the acknowledging DPO is in the
 * metadata), so that a replay of the alerts projection keeps every acknowledgement.
 */
public record AlertAcknowledged(@NotPersonal("an id derived from the alert's rule and evidence") String alertId,
                                @NotPersonal("the DPO's own finding: evidence about the review, not a member's data")
                                String note) implements AuditEvent {

    /** The longest note kept (a finding, not a report). */
    public static final int MAX_NOTE = 2000;
}
