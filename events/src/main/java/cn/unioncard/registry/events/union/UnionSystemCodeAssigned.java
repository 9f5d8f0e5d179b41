package cn.unioncard.registry.events.union;

/** The union got its city-wide unique system code (工会系统编码), which is also its login name. */
public record UnionSystemCodeAssigned(String unionId, String systemCode) {
}
