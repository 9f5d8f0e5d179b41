package cn.unioncard.registry.events.union;

/**
 * What registering a union answers: its id and system code, and for a grassroots union the
 * operator account created with it and that account's one-time password (never stored in clear;
 * a retry with the same Idempotency-Key is answered with it again, for a day).
 */
public record UnionRegistration(String unionId, String systemCode, String operatorUsername,
                                String oneTimePassword) {
}
