package cn.unioncard.registry.events.union;

/**
 * A credit code accepted although its GB 32100 check character fails, with the clerk's reason.
 * {@code field} says which code it was (employerCreditCode or unionCreditCode).
 */
public record CreditCodeOverride(String field, String reason) {
}
