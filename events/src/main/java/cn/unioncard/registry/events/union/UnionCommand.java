package cn.unioncard.registry.events.union;

/** Everything one can ask of a union, listed in one place (the events it may lead to: {@link UnionEvent}). */
public sealed interface UnionCommand permits RegisterUnion, UpdateUnionProfile {

    /** The union the command is for (its aggregate id). */
    String unionId();
}
