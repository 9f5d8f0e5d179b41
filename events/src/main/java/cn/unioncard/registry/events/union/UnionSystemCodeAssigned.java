package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.privacy.NotPersonal;

/** The union got its city-wide unique system code (工会系统编码), which is also its login name. */
@NotPersonal("a union id and code")
public record UnionSystemCodeAssigned(String unionId, String systemCode) implements UnionEvent {
}
