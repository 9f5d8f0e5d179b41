package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.audit.Actor;

/**
 * A page of unions in the viewer's scope, optionally under one parent, of one level, or whose
 * name or system code contains {@code q}. Answers {@link UnionPage}.
 */
public record ListUnions(String parentId, UnionLevel level, String q, int page, int size, Actor viewer) {
}
