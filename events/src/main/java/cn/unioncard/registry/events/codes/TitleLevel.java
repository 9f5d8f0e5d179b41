package cn.unioncard.registry.events.codes;

import java.util.Map;
import java.util.Optional;

/**
 * 职称/技能等级 (附件1 第9项, optional): skill grade or professional title.
 */
public enum TitleLevel implements CodedValue {
    JUNIOR_WORKER("1", "初级工"),
    INTERMEDIATE_WORKER("2", "中级工"),
    SENIOR_WORKER("3", "高级工"),
    TECHNICIAN("4", "技师"),
    SENIOR_TECHNICIAN("5", "高级技师"),
    JUNIOR_TITLE("6", "初级职称"),
    INTERMEDIATE_TITLE("7", "中级职称"),
    SENIOR_TITLE("8", "高级职称"),
    NONE("9", "无");

    private static final Map<String, TitleLevel> ALIASES = Map.of();

    private final String code;
    private final String label;

    TitleLevel(String code, String label) {
        this.code = code;
        this.label = label;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String label() {
        return label;
    }

    /** The code (leading zero optional), the label; half width, trimmed. */
    public static Optional<TitleLevel> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }
}
