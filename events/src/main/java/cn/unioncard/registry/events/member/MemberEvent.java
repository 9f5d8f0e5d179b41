package cn.unioncard.registry.events.member;

/**
 * Everything that can happen to a member, listed in one place: a new event must be added here,
 * so the Member aggregate and the member projection's readers can see at a glance what to handle.
 * Events are stored by their concrete class; this interface is never serialized.
 */
public sealed interface MemberEvent permits MemberRegistered, MemberInfoCorrected, MemberAuthorisationRecorded,
        MemberTransferred, MemberWithdrawn, PersonalDataErased {

    /** The member the event is about (its aggregate id). */
    String memberId();
}
