package cn.unioncard.registry.events.imports;

/** What became of one row of an import; the report's result column shows {@link #label()}. */
public enum RowResult {
    ACCEPTED("导入成功", "imported"),
    DUPLICATE("重复", "duplicate"),
    REJECTED("有错误", "has errors");

    private final String label;
    private final String english;

    RowResult(String label, String english) {
        this.label = label;
        this.english = english;
    }

    public String label() {
        return label;
    }

    public String english() {
        return english;
    }
}
