package cn.unioncard.registry.events.member;

import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Test data for the member tests: a mutable builder for {@link MemberForm} starting from a
 * complete valid form, a mutable builder for {@link MemberDetails}, and an independent
 * GB 11643 check character, written straight from docs/design.md §3 so expected values never come
 * from the code under test.
 */
final class MemberTestData {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    /** 350203 + 19850612 + 123 + check '7' (Σ = 258, 258 mod 11 = 5 → '7'). */
    static final String VALID_ID = "350203198506121237";

    private MemberTestData() {
    }

    /** GB 11643 / ISO 7064 MOD 11-2: "10X98765432"[Σ dᵢ·wᵢ mod 11]. */
    static char idCheck(String first17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += Character.digit(first17.charAt(i), 10) * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    /** A well-formed 18-character ID from a region, a yyyyMMdd birth date and a 3-digit sequence. */
    static String id(String region, String birth, String sequence) {
        String body = region + birth + sequence;
        return body + idCheck(body);
    }

    /** A mutable copy of the member form, starting from a complete valid one. */
    static final class Form {
        String name = "张三";
        String idType = "1";
        String idNumber = VALID_ID;
        String idExpiry = "2030-06-30";
        String ethnicGroup = "01";
        String politicalStatus = "群众";
        String education = "6";
        String nationality = "CHN";
        String titleLevel = "3";
        String mobile = "13812345678";
        String householdProvince = "福建省";
        String householdCity = "厦门市";
        String contactAddress = "厦门市思明区湖滨南路100号";
        String workStart = "2008-07";
        String unionJoin = "2009-01";
        String socialInsuranceStart = "2008-08";
        Boolean ruralHousehold = false;
        Boolean labourDispatch = false;
        Boolean labourContract = true;
        String occupation = "4";
        String cardType = "1";
        String employerName = "厦门某某有限公司";
        String filledOn = "2026-11-20";

        MemberForm build() {
            return new MemberForm(name, idType, idNumber, idExpiry, ethnicGroup, politicalStatus, education,
                    nationality, titleLevel, mobile, householdProvince, householdCity, contactAddress, workStart,
                    unionJoin, socialInsuranceStart, ruralHousehold, labourDispatch, labourContract, occupation,
                    cardType, employerName, filledOn);
        }

        /** Every field null: the shape of a correction patch. */
        static Form empty() {
            Form f = new Form();
            f.name = null;
            f.idType = null;
            f.idNumber = null;
            f.idExpiry = null;
            f.ethnicGroup = null;
            f.politicalStatus = null;
            f.education = null;
            f.nationality = null;
            f.titleLevel = null;
            f.mobile = null;
            f.householdProvince = null;
            f.householdCity = null;
            f.contactAddress = null;
            f.workStart = null;
            f.unionJoin = null;
            f.socialInsuranceStart = null;
            f.ruralHousehold = null;
            f.labourDispatch = null;
            f.labourContract = null;
            f.occupation = null;
            f.cardType = null;
            f.employerName = null;
            f.filledOn = null;
            return f;
        }
    }

    static Form validForm() {
        return new Form();
    }

    /** A mutable copy of member details; {@link #expectedForValidForm()} is what the valid form checks to. */
    static final class Details {
        String name;
        String idType;
        String idNumber;
        LocalDate idExpiry;
        boolean idLongTerm;
        String ethnicGroup;
        String politicalStatus;
        String education;
        String nationality;
        String titleLevel;
        String mobile;
        String householdProvince;
        String householdCity;
        String contactAddress;
        YearMonth workStart;
        YearMonth unionJoin;
        YearMonth socialInsuranceStart;
        boolean socialInsured;
        boolean ruralHousehold;
        boolean labourDispatch;
        boolean labourContract;
        String occupation;
        String cardType;
        String employerName;
        LocalDate filledOn;

        static Details of(MemberDetails d) {
            Details b = new Details();
            b.name = d.name();
            b.idType = d.idType();
            b.idNumber = d.idNumber();
            b.idExpiry = d.idExpiry();
            b.idLongTerm = d.idLongTerm();
            b.ethnicGroup = d.ethnicGroup();
            b.politicalStatus = d.politicalStatus();
            b.education = d.education();
            b.nationality = d.nationality();
            b.titleLevel = d.titleLevel();
            b.mobile = d.mobile();
            b.householdProvince = d.householdProvince();
            b.householdCity = d.householdCity();
            b.contactAddress = d.contactAddress();
            b.workStart = d.workStart();
            b.unionJoin = d.unionJoin();
            b.socialInsuranceStart = d.socialInsuranceStart();
            b.socialInsured = d.socialInsured();
            b.ruralHousehold = d.ruralHousehold();
            b.labourDispatch = d.labourDispatch();
            b.labourContract = d.labourContract();
            b.occupation = d.occupation();
            b.cardType = d.cardType();
            b.employerName = d.employerName();
            b.filledOn = d.filledOn();
            return b;
        }

        MemberDetails build() {
            return new MemberDetails(name, idType, idNumber, idExpiry, idLongTerm, ethnicGroup, politicalStatus,
                    education, nationality, titleLevel, mobile, householdProvince, householdCity, contactAddress,
                    workStart, unionJoin, socialInsuranceStart, socialInsured, ruralHousehold, labourDispatch,
                    labourContract, occupation, cardType, employerName, filledOn);
        }
    }

    /** Written out by hand from the valid form and the code tables in docs/design.md §3. */
    static Details expectedForValidForm() {
        Details d = new Details();
        d.name = "张三";
        d.idType = "1";
        d.idNumber = VALID_ID;
        d.idExpiry = LocalDate.of(2030, 6, 30);
        d.idLongTerm = false;
        d.ethnicGroup = "01";
        d.politicalStatus = "1"; // 群众 is the first of the seed's four labels
        d.education = "6";
        d.nationality = "CHN";
        d.titleLevel = "3";
        d.mobile = "13812345678";
        d.householdProvince = "福建省";
        d.householdCity = "厦门市";
        d.contactAddress = "厦门市思明区湖滨南路100号";
        d.workStart = YearMonth.of(2008, 7);
        d.unionJoin = YearMonth.of(2009, 1);
        d.socialInsuranceStart = YearMonth.of(2008, 8);
        d.socialInsured = true;
        d.ruralHousehold = false;
        d.labourDispatch = false;
        d.labourContract = true;
        d.occupation = "4";
        d.cardType = "1";
        d.employerName = "厦门某某有限公司";
        d.filledOn = LocalDate.of(2026, 11, 20);
        return d;
    }
}
