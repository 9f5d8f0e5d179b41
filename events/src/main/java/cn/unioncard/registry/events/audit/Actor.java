package cn.unioncard.registry.events.audit;

import cn.unioncard.registry.events.account.Role;

/**
 * Who is acting, as written into every command's and event's metadata (docs/design.md §4).
 * The organisation is a union id; scope checks compare subtrees of it.
 */
public record Actor(String username, Role role, String organisationId, String clientAddress,
                    String correlationId, String purpose) {

    /** The registry itself, for work it does on its own (first-start bootstrap). */
    public static Actor system(String organisationId, String correlationId) {
        return new Actor("system", Role.SYSTEM, organisationId, "local", correlationId, "bootstrap");
    }

    public boolean isReadOnly() {
        return role == Role.AUDITOR || role == Role.DPO;
    }

    /** Everything in the city is in scope for these roles; all others see their own subtree. */
    public boolean seesEverything() {
        return role == Role.CITY_ADMIN || role == Role.AUDITOR || role == Role.DPO || role == Role.SYSTEM;
    }
}
