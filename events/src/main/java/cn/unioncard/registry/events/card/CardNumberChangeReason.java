package cn.unioncard.registry.events.card;

import java.util.Arrays;
import java.util.Optional;

/** Why a card got a new number (seed: 因销卡、换卡引起的卡号变更). */
public enum CardNumberChangeReason {
    LOST("挂失补卡"),
    DAMAGED("损坏换卡"),
    EXPIRED("到期换卡"),
    BANK_REPLACEMENT("银行换卡"),
    CANCELLED_AND_REISSUED("销卡重开");

    private final String label;

    CardNumberChangeReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The constant's name (any case) or its label. */
    public static Optional<CardNumberChangeReason> fromInput(String input) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(input) || r.label.equals(input)).findFirst();
    }
}
