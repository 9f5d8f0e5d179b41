package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.UnionSheet;
import cn.unioncard.registry.events.union.UnionForm;

import java.util.Map;

/**
 * Reads a union sheet row's cells into a {@link UnionForm} (see {@link RowReader}). Its parent and
 * level are left null for the caller; the industry edition is null, which means GB/T 4754-2002.
 */
final class UnionRows {

    private static final Map<String, Integer> INDEX = RowReader.indexOf(UnionSheet.COLUMNS);

    private UnionRows() {
    }

    static ReadRow<UnionForm> read(SheetRow row) {
        RowReader r = new RowReader(UnionSheet.COLUMNS, INDEX, row);
        UnionForm form = new UnionForm(null, null, r.string("name"), r.string("employerName"),
                r.string("employerOrganisationCode"), r.string("employerCreditCode"), r.string("unionOrganisationCode"),
                r.string("unionCreditCode"), null, r.string("industryCode"), r.string("address"),
                r.string("unitCategory"), r.string("founded"), r.yesNo("hasPartyOrganisation"), r.string("chairName"),
                r.yesNo("chairPartTime"), r.string("chairOtherPosts"), r.string("chairPhone"),
                r.count("committeeMembers"), r.count("committeeFullTime"), r.count("cadres"),
                r.count("cadresFullTime"), r.count("totalStaff"), r.count("members"), r.count("migrantWorkers"),
                r.count("dispatchedWorkers"), r.string("socialInsuranceNumber"), r.count("insuredStaff"),
                r.yesNo("collectiveWageAgreement"), r.yesNo("medicalMutualAid"), r.string("filledBy"),
                r.string("filledByPhone"), r.localDate("filledOn"), r.string("creditCodeOverrideReason"));
        return new ReadRow<>(row, form, r.problems().list());
    }
}
