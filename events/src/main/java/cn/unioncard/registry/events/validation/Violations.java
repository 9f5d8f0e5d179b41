package cn.unioncard.registry.events.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects every violation of one input instead of failing on the first, so that a clerk
 * (or an import row report) sees all problems at once. Not thread-safe: one per validation.
 */
public final class Violations {

    private final List<Violation> all = new ArrayList<>();

    public Violations add(Violation violation) {
        all.add(java.util.Objects.requireNonNull(violation, "violation"));
        return this;
    }

    public Violations error(String field, String code, String zh, String en) {
        return add(Violation.error(field, code, zh, en));
    }

    public Violations warning(String field, String code, String zh, String en) {
        return add(Violation.warning(field, code, zh, en));
    }

    public boolean hasErrors() {
        return all.stream().anyMatch(Violation::isError);
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    /** All violations in the order they were added; unmodifiable snapshot. */
    public List<Violation> list() {
        return Collections.unmodifiableList(new ArrayList<>(all));
    }

    public List<Violation> errors() {
        return all.stream().filter(Violation::isError).toList();
    }

    public List<Violation> warnings() {
        return all.stream().filter(v -> !v.isError()).toList();
    }

    /**
     * Throws when there is at least one ERROR. Warnings alone pass (the caller decides whether
     * they were overridden); when it throws, the exception carries the warnings as well so the
     * client sees the complete picture.
     */
    public void throwIfAny() {
        if (hasErrors()) {
            throw new InvalidInputException(all);
        }
    }

    /** Throws when there is any violation at all, for callers that do not accept overrides. */
    public void throwIfAnyIncludingWarnings() {
        if (!all.isEmpty()) {
            throw new InvalidInputException(all);
        }
    }

    @Override
    public String toString() {
        return "Violations" + InvalidInputException.describe(all);
    }
}
