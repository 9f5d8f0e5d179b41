package cn.unioncard.registry.command.member;

/**
 * What else must happen, in the same unit of work, when a member changes or is erased: other
 * capabilities (batches) implement it, so this package need not know them (packages stay acyclic).
 * Both are called after the member's event was applied; a refusal here rolls the change back.
 */
public interface MemberFollowUp {

    /** A correction, transfer or withdrawal changed what a batch holding the member submitted. */
    void changed(String memberId);

    /** The member withdrew from the union (called after {@link #changed}): what ends with the membership ends. */
    default void withdrawn(String memberId) {
        // most capabilities keep nothing that ends with the membership
    }

    /** The member's personal data was erased ({@code PersonalDataErased} applied, the lookup forgot the person). */
    void erased(String memberId);
}
