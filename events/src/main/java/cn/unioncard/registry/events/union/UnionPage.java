package cn.unioncard.registry.events.union;

import java.util.List;

/** One page of unions. */
public record UnionPage(List<UnionView> items, int page, int size, long total) {
}
