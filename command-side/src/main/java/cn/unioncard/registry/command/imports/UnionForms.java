package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.union.UnionForm;
import cn.unioncard.registry.events.union.UnionLevel;

/** A union sheet row's form placed where the import puts it: a grassroots union of the importing district. */
final class UnionForms {

    private UnionForms() {
    }

    static UnionForm under(UnionForm f, String districtId) {
        return new UnionForm(districtId, UnionLevel.GRASSROOTS, f.name(), f.employerName(),
                f.employerOrganisationCode(), f.employerCreditCode(), f.unionOrganisationCode(),
                f.unionCreditCode(), f.industryEdition(), f.industryCode(), f.address(), f.unitCategory(),
                f.founded(), f.hasPartyOrganisation(), f.chairName(), f.chairPartTime(), f.chairOtherPosts(),
                f.chairPhone(), f.committeeMembers(), f.committeeFullTime(), f.cadres(), f.cadresFullTime(),
                f.totalStaff(), f.members(), f.migrantWorkers(), f.dispatchedWorkers(),
                f.socialInsuranceNumber(), f.insuredStaff(), f.collectiveWageAgreement(), f.medicalMutualAid(),
                f.filledBy(), f.filledByPhone(), f.filledOn(), f.creditCodeOverrideReason());
    }
}
