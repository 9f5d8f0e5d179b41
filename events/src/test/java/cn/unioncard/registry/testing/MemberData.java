package cn.unioncard.registry.testing;

import cn.unioncard.registry.events.member.MemberDetails;
import cn.unioncard.registry.events.member.MemberForm;
import cn.unioncard.registry.events.member.MemberRegistered;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one builder of member test data for every module: a complete, consistent 附件1 form as a
 * clerk in Xiamen fills it in (as a {@link MemberForm} or a JSON body), the details it checks to
 * (written out by hand from the code tables, not computed by the code under test), and events.
 * Each form and details gets a fresh valid ID number; vary any field by assigning it.
 *
 * <p>The values suit a real clock for years (filled in 2024, ID valid to 2036) and adults born
 * 1960–1999 (work from 2015), and are distinctive enough to be searched for in stored bytes.
 */
public final class MemberData {

    public static final String NAME = "欧阳晓岚";
    public static final String MOBILE = "13959201734";
    public static final String ADDRESS = "厦门市思明区软件园二期观日路 12 号 3 楼";
    public static final String EMPLOYER = "厦门鹭江数据服务有限公司";

    private MemberData() {
    }

    /** A complete valid form with a fresh ID number. */
    public static Form form() {
        return new Form().with(f -> {
            f.name = NAME;
            f.idType = "1";
            f.idNumber = ResidentIds.fresh();
            f.idExpiry = "2036-08-17";
            f.ethnicGroup = "汉族";
            f.politicalStatus = "群众";
            f.education = "6";
            f.nationality = "CHN";
            f.titleLevel = "7";
            f.mobile = MOBILE;
            f.householdProvince = "福建省";
            f.householdCity = "厦门市";
            f.contactAddress = ADDRESS;
            f.workStart = "2015-07";
            f.unionJoin = "2016-03";
            f.socialInsuranceStart = "2015-07";
            f.ruralHousehold = false;
            f.labourDispatch = false;
            f.labourContract = true;
            f.occupation = "4";
            f.cardType = "1";
            f.employerName = EMPLOYER;
            f.filledOn = "2024-05-20";
        });
    }

    /** A complete valid form for a named person, as a test that registers several people needs. */
    public static Form form(String name, String idNumber, String mobile) {
        return form().with(f -> {
            f.name = name;
            f.idNumber = idNumber;
            f.mobile = mobile;
        });
    }

    /**
     * The {@code n}th of a series of distinct people (name, ID number and mobile differ; the ID
     * numbers for n below 14 million), for tests and measurements that register many.
     */
    public static Form numbered(int n) {
        return form("会员" + "甲乙丙丁戊己庚辛壬癸".charAt(n % 10) + "子丑寅卯辰巳午未申酉".charAt(n / 10 % 10),
                ResidentIds.numbered(n), String.format("139%08d", n % 100_000_000));
    }

    /** A form with every field null: the shape of a correction patch. */
    public static Form patch() {
        return new Form();
    }

    /** The details {@link #form()} checks to, with a fresh ID number. */
    public static Details details() {
        return details(ResidentIds.fresh());
    }

    /** The details {@link #form()} with {@code idNumber} (18 characters, as stored) checks to, by hand. */
    public static Details details(String idNumber) {
        Details d = new Details();
        d.name = NAME;
        d.idType = "1";
        d.idNumber = idNumber;
        d.idExpiry = LocalDate.of(2036, 8, 17);
        d.idLongTerm = false;
        d.ethnicGroup = "01";      // 汉族, GB/T 3304
        d.politicalStatus = "1";   // 群众 is the first of the four labels
        d.education = "6";
        d.nationality = "CHN";
        d.titleLevel = "7";
        d.mobile = MOBILE;
        d.householdProvince = "福建省";
        d.householdCity = "厦门市";
        d.contactAddress = ADDRESS;
        d.workStart = YearMonth.of(2015, 7);
        d.unionJoin = YearMonth.of(2016, 3);
        d.socialInsuranceStart = YearMonth.of(2015, 7);
        d.socialInsured = true;
        d.ruralHousehold = false;
        d.labourDispatch = false;
        d.labourContract = true;
        d.occupation = "4";
        d.cardType = "1";
        d.employerName = EMPLOYER;
        d.filledOn = LocalDate.of(2024, 5, 20);
        return d;
    }

    /** A member registered in {@code unionId} with {@code details}, no legacy ID, no warnings. */
    public static MemberRegistered registered(String memberId, String unionId, MemberDetails details) {
        return new MemberRegistered(memberId, unionId, details, false, List.of());
    }

    /** A member registered in {@code unionId} with fresh details. */
    public static MemberRegistered registered(String memberId, String unionId) {
        return registered(memberId, unionId, details().build());
    }

    /** The fields personal-data tests look for in stored bytes: none may appear in clear. */
    public static List<String> secrets(MemberDetails d) {
        return List.of(d.name(), d.idNumber(), d.mobile(), d.contactAddress(), d.employerName());
    }

    /** A mutable member form; null fields are absent from the JSON body. */
    public static final class Form {
        public String name;
        public String idType;
        public String idNumber;
        public String idExpiry;
        public String ethnicGroup;
        public String politicalStatus;
        public String education;
        public String nationality;
        public String titleLevel;
        public String mobile;
        public String householdProvince;
        public String householdCity;
        public String contactAddress;
        public String workStart;
        public String unionJoin;
        public String socialInsuranceStart;
        public Boolean ruralHousehold;
        public Boolean labourDispatch;
        public Boolean labourContract;
        public String occupation;
        public String cardType;
        public String employerName;
        public String filledOn;

        public Form with(Consumer<Form> change) {
            change.accept(this);
            return this;
        }

        public MemberForm build() {
            return new MemberForm(name, idType, idNumber, idExpiry, ethnicGroup, politicalStatus, education,
                    nationality, titleLevel, mobile, householdProvince, householdCity, contactAddress, workStart,
                    unionJoin, socialInsuranceStart, ruralHousehold, labourDispatch, labourContract, occupation,
                    cardType, employerName, filledOn);
        }

        /** The request body of POST /api/unions/{id}/members (or PATCH /api/members/{id}), in field order. */
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            put(m, "name", name);
            put(m, "idType", idType);
            put(m, "idNumber", idNumber);
            put(m, "idExpiry", idExpiry);
            put(m, "ethnicGroup", ethnicGroup);
            put(m, "politicalStatus", politicalStatus);
            put(m, "education", education);
            put(m, "nationality", nationality);
            put(m, "titleLevel", titleLevel);
            put(m, "mobile", mobile);
            put(m, "householdProvince", householdProvince);
            put(m, "householdCity", householdCity);
            put(m, "contactAddress", contactAddress);
            put(m, "workStart", workStart);
            put(m, "unionJoin", unionJoin);
            put(m, "socialInsuranceStart", socialInsuranceStart);
            put(m, "ruralHousehold", ruralHousehold);
            put(m, "labourDispatch", labourDispatch);
            put(m, "labourContract", labourContract);
            put(m, "occupation", occupation);
            put(m, "cardType", cardType);
            put(m, "employerName", employerName);
            put(m, "filledOn", filledOn);
            return m;
        }

        private static void put(Map<String, Object> m, String field, Object value) {
            if (value != null) {
                m.put(field, value);
            }
        }
    }

    /** Mutable member details, e.g. {@code Details.of(d)} with one field changed. */
    public static final class Details {
        public String name;
        public String idType;
        public String idNumber;
        public LocalDate idExpiry;
        public boolean idLongTerm;
        public String ethnicGroup;
        public String politicalStatus;
        public String education;
        public String nationality;
        public String titleLevel;
        public String mobile;
        public String householdProvince;
        public String householdCity;
        public String contactAddress;
        public YearMonth workStart;
        public YearMonth unionJoin;
        public YearMonth socialInsuranceStart;
        public boolean socialInsured;
        public boolean ruralHousehold;
        public boolean labourDispatch;
        public boolean labourContract;
        public String occupation;
        public String cardType;
        public String employerName;
        public LocalDate filledOn;

        public static Details of(MemberDetails d) {
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

        public Details with(Consumer<Details> change) {
            change.accept(this);
            return this;
        }

        public MemberDetails build() {
            return new MemberDetails(name, idType, idNumber, idExpiry, idLongTerm, ethnicGroup, politicalStatus,
                    education, nationality, titleLevel, mobile, householdProvince, householdCity, contactAddress,
                    workStart, unionJoin, socialInsuranceStart, socialInsured, ruralHousehold, labourDispatch,
                    labourContract, occupation, cardType, employerName, filledOn);
        }
    }
}
