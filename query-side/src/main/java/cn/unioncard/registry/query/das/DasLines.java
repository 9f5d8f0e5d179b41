package cn.unioncard.registry.query.das;

import cn.unioncard.registry.events.das.DasMember;
import cn.unioncard.registry.events.member.MemberDetails;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A member's stored details as the filled template would hold them (the .das member line): codes as their
 * code, dates {@code yyyy-MM-dd}, months {@code yyyy-MM}, 长期 / 未参加, 是/否; an empty field has no key.
 * The import reads these back into the same details, so the district recognises the same member.
 */
final class DasLines {

    private DasLines() {
    }

    static DasMember of(int row, LocalDate authorisedOn, MemberDetails d) {
        Map<String, String> cells = new LinkedHashMap<>();
        put(cells, "name", d.name());
        put(cells, "idType", d.idType());
        put(cells, "idNumber", d.idNumber());
        put(cells, "idExpiry", d.idLongTerm() ? "长期" : d.idExpiry());
        put(cells, "ethnicGroup", d.ethnicGroup());
        put(cells, "politicalStatus", d.politicalStatus());
        put(cells, "education", d.education());
        put(cells, "nationality", d.nationality());
        put(cells, "titleLevel", d.titleLevel());
        put(cells, "mobile", d.mobile());
        put(cells, "householdProvince", d.householdProvince());
        put(cells, "householdCity", d.householdCity());
        put(cells, "contactAddress", d.contactAddress());
        put(cells, "workStart", d.workStart());
        put(cells, "unionJoin", d.unionJoin());
        put(cells, "socialInsuranceStart", d.socialInsured() ? d.socialInsuranceStart() : "未参加");
        put(cells, "ruralHousehold", yesNo(d.ruralHousehold()));
        put(cells, "labourDispatch", yesNo(d.labourDispatch()));
        put(cells, "labourContract", yesNo(d.labourContract()));
        put(cells, "occupation", d.occupation());
        put(cells, "cardType", d.cardType());
        put(cells, "employerName", d.employerName());
        put(cells, "filledOn", d.filledOn());
        return new DasMember(row, authorisedOn, cells);
    }

    /** LocalDate and YearMonth print as {@code yyyy-MM-dd} and {@code yyyy-MM}. */
    private static void put(Map<String, String> cells, String field, Object value) {
        if (value != null && !value.toString().isBlank()) {
            cells.put(field, value.toString());
        }
    }

    private static String yesNo(boolean b) {
        return b ? "是" : "否";
    }
}
