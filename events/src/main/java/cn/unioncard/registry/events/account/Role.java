package cn.unioncard.registry.events.account;

/**
 * Roles of docs/design.md §1, plus the registry's own {@code SYSTEM} actor for bootstrap work and
 * {@code ANONYMOUS} for a login attempt by someone not yet authenticated.
 */
public enum Role {
    CITY_ADMIN,
    DISTRICT_REVIEWER,
    UNION_OPERATOR,
    BANK_OPERATOR,
    AUDITOR,
    DPO,
    SYSTEM,
    ANONYMOUS
}
