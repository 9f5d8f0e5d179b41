package cn.unioncard.registry.events.codes;

import java.util.Map;
import java.util.Optional;

/**
 * 学历 (附件1 第7项): the member's highest education.
 */
public enum Education implements CodedValue {
    PRIMARY("1", "小学"),
    JUNIOR_SECONDARY("2", "初中"),
    SENIOR_SECONDARY_OR_TECHNICAL("3", "高中、技校"),
    SECONDARY_SPECIALISED("4", "中专"),
    JUNIOR_COLLEGE("5", "大专"),
    BACHELOR("6", "大学本科"),
    MASTER("7", "硕士研究生"),
    DOCTORATE("8", "博士研究生"),
    NONE("9", "无");

    private static final Map<String, Education> ALIASES = Map.of();

    private final String code;
    private final String label;

    Education(String code, String label) {
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
    public static Optional<Education> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }
}
