package cn.unioncard.registry.command.imports;

import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.member.MemberForm;

import java.util.Map;

/** Reads a member sheet row's cells into a {@link MemberForm} as clerks fill them (see {@link RowReader}). */
final class MemberRows {

    private static final Map<String, Integer> INDEX = RowReader.indexOf(MemberSheet.COLUMNS);

    private MemberRows() {
    }

    static ReadRow<MemberForm> read(SheetRow row) {
        RowReader r = new RowReader(MemberSheet.COLUMNS, INDEX, row);
        MemberForm form = new MemberForm(r.string("name"), r.string("idType"), r.string("idNumber"),
                r.string("idExpiry"), r.string("ethnicGroup"), r.string("politicalStatus"), r.string("education"),
                r.string("nationality"), r.string("titleLevel"), r.string("mobile"), r.string("householdProvince"),
                r.string("householdCity"), r.string("contactAddress"), r.string("workStart"), r.string("unionJoin"),
                r.string("socialInsuranceStart"), r.yesNo("ruralHousehold"), r.yesNo("labourDispatch"),
                r.yesNo("labourContract"), r.string("occupation"), r.string("cardType"), r.string("employerName"),
                r.string("filledOn"));
        return new ReadRow<>(row, form, r.problems().list());
    }
}
