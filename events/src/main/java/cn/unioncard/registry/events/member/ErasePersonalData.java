package cn.unioncard.registry.events.member;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The data-protection officer erases a member's personal data (crypto-shredding: the member's key
 * is destroyed), citing the legal basis, e.g. the member's request under PIPL art. 47.
 */
public record ErasePersonalData(@TargetAggregateIdentifier String memberId, String legalBasis)
        implements MemberCommand {
}
