package cn.unioncard.registry.command.member;

/**
 * What else must happen, in the same unit of work, when a member's personal data is erased: other
 * capabilities (batches) implement it, so this package need not know them (packages stay acyclic).
 */
public interface MemberErasureFollowUp {

    /** Called after {@code PersonalDataErased} was applied; a refusal here rolls the erasure back. */
    void erased(String memberId);
}
