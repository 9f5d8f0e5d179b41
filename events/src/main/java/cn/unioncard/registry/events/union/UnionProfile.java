package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.codes.Industry;
import cn.unioncard.registry.events.privacy.NotPersonal;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * A union's checked and normalised profile (附件2), as events carry it. Codes are stored as the
 * seed numbers them; {@code industry} carries its edition. Fields a district union does not fill
 * are null.
 */
@NotPersonal("a union and its office holders, named in their office, not as members")
public record UnionProfile(
        String name,
        String employerName,
        String employerOrganisationCode,
        String employerCreditCode,
        String unionOrganisationCode,
        String unionCreditCode,
        Industry industry,
        String address,
        String unitCategory,
        YearMonth founded,
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
        LocalDate filledOn) {
}
