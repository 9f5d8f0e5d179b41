package cn.unioncard.registry.events.codes;

import java.util.Map;
import java.util.Optional;

/**
 * 政治面貌 (附件1 第6项). The seed lists the four labels without numbers; the codes 1–4
 * follow the seed's order. The short forms 党员 and 团员 are what clerks usually type.
 */
public enum PoliticalStatus implements CodedValue {
    MASSES("1", "群众"),
    CPC_MEMBER("2", "中共党员"),
    DEMOCRATIC_PARTY_MEMBER("3", "民主党派"),
    CYL_MEMBER("4", "共青团员");

    private static final Map<String, PoliticalStatus> ALIASES = Map.ofEntries(
            Map.entry("党员", CPC_MEMBER),
            Map.entry("中国共产党党员", CPC_MEMBER),
            Map.entry("团员", CYL_MEMBER),
            Map.entry("中国共产主义青年团团员", CYL_MEMBER));

    private final String code;
    private final String label;

    PoliticalStatus(String code, String label) {
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

    /** The code (leading zero optional), the label or a common alias; half width, trimmed. */
    public static Optional<PoliticalStatus> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }
}
