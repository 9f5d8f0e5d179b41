package cn.unioncard.registry.events.card;

import java.util.Arrays;
import java.util.Optional;

/** Why a card was cancelled without a replacement. */
public enum CardCancellationReason {
    MEMBER_LEFT("会员离会"),
    CARD_CLOSED("已销卡");

    private final String label;

    CardCancellationReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The constant's name (any case) or its label. */
    public static Optional<CardCancellationReason> fromInput(String input) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(input) || r.label.equals(input)).findFirst();
    }
}
