package cn.unioncard.registry.events.union;

/** The three levels of the union tree (seed §一(一)). */
public enum UnionLevel {
    /** 市总工会: the root, created at first start. */
    CITY,
    /** 区工会 / 产业工会: created by the city's card office; reviews its grassroots unions. */
    DISTRICT,
    /** 基层工会: owns members; registered by its district. */
    GRASSROOTS;

    /** The level a child of this level must have, or null if this level has no children. */
    public UnionLevel childLevel() {
        return switch (this) {
            case CITY -> DISTRICT;
            case DISTRICT -> GRASSROOTS;
            case GRASSROOTS -> null;
        };
    }
}
