package cn.unioncard.registry.events.audit;

/**
 * Events of the audit trail that belong to no aggregate: published as they happen, never replayed
 * into state. (A sealed interface lists only its own package's records, hence one per package.)
 */
public sealed interface AuditEvent permits PersonalDataAccessed, AccessDenied, AlertAcknowledged {
}
