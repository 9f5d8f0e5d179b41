package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.audit.Actor;

/** One union, if it lies in the viewer's scope. Answers {@code Optional<UnionView>}. */
public record FindUnion(String unionId, Actor viewer) {
}
