package cn.unioncard.registry.events.codes;

import java.util.Map;
import java.util.Optional;

/**
 * 单位类别 (附件2): the employer's category.
 */
public enum UnitCategory implements CodedValue {
    STATE_OWNED("1", "国有企业"),
    COLLECTIVE("2", "集体企业"),
    PRIVATE("3", "私营企业"),
    LIMITED_LIABILITY("4", "有限责任公司"),
    JOINT_STOCK("5", "股份有限公司"),
    TAIWAN_INVESTED("6", "台资企业"),
    HONG_KONG_MACAU_INVESTED("7", "港澳投资企业"),
    FOREIGN_INVESTED("8", "外商投资企业"),
    PUBLIC_INSTITUTION("9", "事业"),
    GOVERNMENT_ORGAN("10", "机关"),
    INDIVIDUAL_BUSINESS("11", "个体经济组织"),
    OTHER("12", "其他");

    private static final Map<String, UnitCategory> ALIASES = Map.of();

    private final String code;
    private final String label;

    UnitCategory(String code, String label) {
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
    public static Optional<UnitCategory> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }
}
