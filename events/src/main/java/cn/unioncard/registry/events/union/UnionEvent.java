package cn.unioncard.registry.events.union;

/**
 * Everything that can happen to a union, listed in one place. Events are stored by their concrete
 * class; this interface is never serialized.
 */
public sealed interface UnionEvent permits UnionRegistered, UnionSystemCodeAssigned, UnionProfileUpdated {

    /** The union the event is about (its aggregate id). */
    String unionId();
}
