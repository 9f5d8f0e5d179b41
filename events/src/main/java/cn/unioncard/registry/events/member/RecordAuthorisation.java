package cn.unioncard.registry.events.member;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;

/**
 * The signed "授权单位代申领工会卡" on the member's ID copy was received and checked: the
 * member's consent to apply for the card. {@code scanReference} optionally names a scan.
 */
public record RecordAuthorisation(@TargetAggregateIdentifier String memberId, LocalDate receivedOn,
                                  String scanReference) implements MemberCommand {
}
