package cn.unioncard.registry.events.codes;

import java.util.Map;
import java.util.Optional;

/**
 * 证件类型 (附件1 第2项). Only a resident ID card gets the GB 11643 check; other documents
 * (passport, HK/Macau/Taiwan permits, foreigner residence) are checked for shape only.
 */
public enum IdType implements CodedValue {
    RESIDENT_ID_CARD("1", "身份证"),
    OTHER("2", "其他");

    private static final Map<String, IdType> ALIASES = Map.ofEntries(
            Map.entry("居民身份证", RESIDENT_ID_CARD));

    private final String code;
    private final String label;

    IdType(String code, String label) {
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
    public static Optional<IdType> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }
}
