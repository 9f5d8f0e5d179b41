package cn.unioncard.registry.events.codes;

import java.util.Map;
import java.util.Optional;

/**
 * 职业 (附件1 第19项): required by the bank for the card application.
 */
public enum Occupation implements CodedValue {
    CIVIL_SERVANT("1", "公务员"),
    PUBLIC_INSTITUTION_EMPLOYEE("2", "事业单位员工"),
    POLICE("3", "警察"),
    COMPANY_EMPLOYEE("4", "公司员工"),
    MANAGER("5", "管理人员"),
    OTHER("6", "其他");

    private static final Map<String, Occupation> ALIASES = Map.of();

    private final String code;
    private final String label;

    Occupation(String code, String label) {
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
    public static Optional<Occupation> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }
}
