package cn.unioncard.registry.events.member;

/** Everything one can ask of a member, listed in one place (the events it may lead to: {@link MemberEvent}). */
public sealed interface MemberCommand permits RegisterMember, CorrectMemberInfo, RecordAuthorisation,
        TransferMember, WithdrawMember, ErasePersonalData {

    /** The member the command is for (its aggregate id). */
    String memberId();
}
