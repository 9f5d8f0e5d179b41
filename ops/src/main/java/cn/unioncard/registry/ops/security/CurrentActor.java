package cn.unioncard.registry.ops.security;

import cn.unioncard.registry.events.account.Actor;

/**
 * The authenticated actor of the request on this thread, set by {@link ActorFilter} after the
 * bearer token is checked. Commands dispatched on the thread carry it as metadata.
 */
public final class CurrentActor {

    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

    private CurrentActor() {
    }

    public static Actor get() {
        return CURRENT.get();
    }

    static void set(Actor actor) {
        CURRENT.set(actor);
    }

    static void clear() {
        CURRENT.remove();
    }
}
