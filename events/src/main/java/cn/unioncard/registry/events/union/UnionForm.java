package cn.unioncard.registry.events.union;

import java.time.LocalDate;

/**
 * The grassroots union form (附件2 基层工会信息采集表) as a clerk fills it in: raw text, checked
 * by {@link UnionFormValidator} into a {@link UnionProfile}. {@code parentId} and {@code level}
 * are required on registration and may not change afterwards.
 * {@code creditCodeOverrideReason} accepts a credit code whose check character fails (some
 * genuine pre-2016 codes do).
 */
public record UnionForm(
        String parentId,
        UnionLevel level,
        String name,
        String employerName,
        String employerOrganisationCode,
        String employerCreditCode,
        String unionOrganisationCode,
        String unionCreditCode,
        String industryEdition,
        String industryCode,
        String address,
        String unitCategory,
        String founded,
        Boolean hasPartyOrganisation,
        String chairName,
        Boolean chairPartTime,
        String chairOtherPosts,
        String chairPhone,
        Integer committeeMembers,
        Integer committeeFullTime,
        Integer cadres,
        Integer cadresFullTime,
        Integer totalStaff,
        Integer members,
        Integer migrantWorkers,
        Integer dispatchedWorkers,
        String socialInsuranceNumber,
        Integer insuredStaff,
        Boolean collectiveWageAgreement,
        Boolean medicalMutualAid,
        String filledBy,
        String filledByPhone,
        LocalDate filledOn,
        String creditCodeOverrideReason) {

    /** A form with just a name, for district/industry unions and the city root. */
    public static UnionForm named(String parentId, UnionLevel level, String name) {
        return new UnionForm(parentId, level, name, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }
}
