package cn.unioncard.registry.events.account;

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

    /**
     * The same actor reading for a purpose the read itself implies (the card application list is read to
     * apply for cards, 办卡), which is then recorded whatever the request stated.
     */
    public Actor withPurpose(String impliedPurpose) {
        return new Actor(username, role, organisationId, clientAddress, correlationId, impliedPurpose);
    }

    /** See {@link Permission#seesEverything}: the rule lives with the other role rules. */
    public boolean seesEverything() {
        return Permission.seesEverything(this);
    }
}
