package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * A credit code accepted although its GB 32100 check character fails, with the clerk's reason.
 * {@code field} says which code it was (employerCreditCode or unionCreditCode).
 */
@NotPersonal("a clerk's reason for accepting an organisation's code")
public record CreditCodeOverride(String field, String reason) {
}
