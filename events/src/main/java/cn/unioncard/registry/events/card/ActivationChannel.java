package cn.unioncard.registry.events.card;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a card was activated: always with the holder present (the seed: 不允许代理), either at a branch
 * or by the bank's staff on site at the union (上门集体开通). {@link #wire()} is the REST spelling.
 */
public enum ActivationChannel {
    IN_PERSON_AT_BRANCH("inPersonAtBranch", "本人到网点启用"),
    BANK_ON_SITE("bankOnSite", "银行上门开通");

    private final String wire;
    private final String label;

    ActivationChannel(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    public String wire() {
        return wire;
    }

    public String label() {
        return label;
    }

    /** The REST spelling or the constant's name. */
    public static Optional<ActivationChannel> fromInput(String input) {
        return Arrays.stream(values()).filter(c -> c.wire.equals(input) || c.name().equals(input)).findFirst();
    }
}
