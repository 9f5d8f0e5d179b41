package cn.unioncard.registry.events.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Input was rejected. The message lists field names and codes only, never input values or
 * the human messages, because exception messages end up in logs and the values may be
 * personal data. The REST layer renders {@link #violations()} as a problem detail.
 */
public class InvalidInputException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super("invalid input: " + describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an InvalidInputException needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(Violation violation) {
        this(List.of(violation));
    }

    public List<Violation> violations() {
        return violations;
    }

    static String describe(List<Violation> violations) {
        return violations.stream()
                .map(v -> v.field() + " " + v.code() + (v.isError() ? "" : " (warning)"))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
