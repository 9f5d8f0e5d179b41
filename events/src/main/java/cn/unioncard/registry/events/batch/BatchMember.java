package cn.unioncard.registry.events.batch;

import cn.unioncard.registry.events.privacy.NotPersonal;

/**
 * One member as submitted: the member's version at submission (a later change makes the entry
 * stale) and whether the member applies for a debit-credit card (借贷合一卡, the bank reviews it).
 */
@NotPersonal("an id, a version number and a card-type flag")
public record BatchMember(String memberId, long version, boolean debitCredit) {
}
