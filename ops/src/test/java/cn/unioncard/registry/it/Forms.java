package cn.unioncard.registry.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** Request bodies for POST/PUT /api/unions, as a clerk would fill them in. */
public final class Forms {

    /** A real employer code (GB 32100 check character T) and the organisation code inside it. */
    public static final String EMPLOYER_CREDIT_CODE = "91440300708461136T";
    public static final String EMPLOYER_ORGANISATION_CODE = "70846113-6";
    /** A union's code (工会法人, category 8) with a valid check character, and its organisation code. */
    public static final String UNION_CREDIT_CODE = "81350200123456788Y";
    public static final String UNION_ORGANISATION_CODE = "12345678-8";
    public static final String CHAIR_NAME = "陈志强";
    public static final String CHAIR_PHONE = "13906021234";
    public static final String FILLED_BY = "李晓梅";
    public static final String FILLED_BY_PHONE = "0592-5551234-801";

    private Forms() {
    }

    public static Map<String, Object> district(String cityId, String name) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("parentId", cityId);
        f.put("level", "DISTRICT");
        f.put("name", name);
        return f;
    }

    /** Only the starred fields of 附件2. */
    public static Map<String, Object> minimalGrassroots(String districtId, String name) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("parentId", districtId);
        f.put("level", "GRASSROOTS");
        f.put("name", name);
        f.put("industryCode", "07");
        f.put("address", "厦门市思明区软件园二期观日路 12 号");
        f.put("unitCategory", "4");
        f.put("filledBy", FILLED_BY);
        f.put("filledByPhone", "13812345678");
        return f;
    }

    /** Every field of 附件2 filled in, consistently. */
    public static Map<String, Object> fullGrassroots(String districtId, String name) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("parentId", districtId);
        f.put("level", "GRASSROOTS");
        f.put("name", name);
        f.put("employerName", "厦门云卡信息科技有限公司");
        f.put("employerOrganisationCode", EMPLOYER_ORGANISATION_CODE);
        f.put("employerCreditCode", EMPLOYER_CREDIT_CODE);
        f.put("unionOrganisationCode", UNION_ORGANISATION_CODE);
        f.put("unionCreditCode", UNION_CREDIT_CODE);
        f.put("industryEdition", "GB_T_4754_2011");
        f.put("industryCode", "I");
        f.put("address", "厦门市思明区软件园二期观日路 12 号");
        f.put("unitCategory", "4");
        f.put("founded", "2008-03");
        f.put("hasPartyOrganisation", true);
        f.put("chairName", CHAIR_NAME);
        f.put("chairPartTime", true);
        f.put("chairOtherPosts", "行政部经理");
        f.put("chairPhone", CHAIR_PHONE);
        f.put("committeeMembers", 7);
        f.put("committeeFullTime", 1);
        f.put("cadres", 5);
        f.put("cadresFullTime", 1);
        f.put("totalStaff", 320);
        f.put("members", 298);
        f.put("migrantWorkers", 40);
        f.put("dispatchedWorkers", 12);
        f.put("socialInsuranceNumber", "3502001234567");
        f.put("insuredStaff", 318);
        f.put("collectiveWageAgreement", true);
        f.put("medicalMutualAid", false);
        f.put("filledBy", FILLED_BY);
        f.put("filledByPhone", FILLED_BY_PHONE);
        f.put("filledOn", "2024-05-20");
        return f;
    }
}
