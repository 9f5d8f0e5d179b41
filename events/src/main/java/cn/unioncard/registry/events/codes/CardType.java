package cn.unioncard.registry.events.codes;

import java.util.Map;
import java.util.Optional;

/**
 * 办工会卡类型 (附件1 第20项). A debit-credit card needs the bank's qualification review.
 */
public enum CardType implements CodedValue {
    DEBIT("1", "借记卡"),
    DEBIT_CREDIT("2", "借贷合一卡");

    private static final Map<String, CardType> ALIASES = Map.of();

    private final String code;
    private final String label;

    CardType(String code, String label) {
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
    public static Optional<CardType> fromInput(String input) {
        return Lookup.find(values(), input, ALIASES);
    }
}
