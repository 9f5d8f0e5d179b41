package cn.unioncard.registry.events.member;

import cn.unioncard.registry.events.codes.CardType;
import cn.unioncard.registry.events.codes.CodedValue;
import cn.unioncard.registry.events.codes.Education;
import cn.unioncard.registry.events.codes.EthnicGroup;
import cn.unioncard.registry.events.codes.IdType;
import cn.unioncard.registry.events.codes.Nationality;
import cn.unioncard.registry.events.codes.Occupation;
import cn.unioncard.registry.events.codes.PoliticalStatus;
import cn.unioncard.registry.events.codes.TitleLevel;
import cn.unioncard.registry.events.validation.FormFields;
import cn.unioncard.registry.events.validation.MobileNumber;
import cn.unioncard.registry.events.validation.ResidentIdNumber;
import cn.unioncard.registry.events.validation.Text;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.events.validation.YearMonthField;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import static cn.unioncard.registry.events.validation.FormFields.blank;
import static cn.unioncard.registry.events.validation.FormFields.required;
import static cn.unioncard.registry.events.validation.FormFields.text;

/**
 * Checks a {@link MemberForm} against 附件1 and docs/design.md §3, reporting every failing field at
 * once. Fields starred in 附件1 (title/skill level, social insurance start) are optional; union
 * join before work start, and work before the age of 16, are accepted with a warning; the dates of
 * a working life before the birth month (from a resident ID) or before 1950 are refused. The
 * form's option numbers are accepted as typed: "2" for ID expiry is 长期, "2" for social
 * insurance start is 未参加.
 */
public final class MemberFormValidator {

    /** The checked details, the warnings accepted with them, and whether a 15-digit ID was converted. */
    public record Checked(MemberDetails details, List<String> warnings, boolean idConvertedFrom15) {
    }

    public static final String UNION_JOIN_BEFORE_WORK = "union-join.before-work-start";
    public static final String WORK_START_BEFORE_16 = "work-start.before-age-16";
    public static final String BEFORE_BIRTH = "year-month.before-birth";
    /** The Labour Law (art. 15) forbids employing anyone under 16: possible (arts, sports), so a warning. */
    private static final int WORKING_AGE = 16;

    private static final Set<String> LONG_TERM = Set.of("长期", "长期有效", "long-term", "longterm", "2");
    private static final Set<String> NOT_INSURED = Set.of("未参加", "未参保", "not-insured", "2");
    // Letters of any script, the middle dot of ethnic-minority and foreign names, and spaces.
    private static final Pattern NAME = Pattern.compile("[\\p{L}·][\\p{L}· ]*[\\p{L}]");
    // Strict: 2030/2/30 is refused, not quietly moved to the 28th.
    private static final List<DateTimeFormatter> DATES = List.of("uuuu-MM-dd", "uuuuMMdd", "uuuu/M/d", "uuuu.M.d",
            "uuuu年M月d日").stream().map(p -> DateTimeFormatter.ofPattern(p).withResolverStyle(ResolverStyle.STRICT))
            .toList();

    private MemberFormValidator() {
    }

    public static Checked check(MemberForm f, LocalDate today) {
        Violations v = new Violations();
        String name = name(v, f.name());
        String idType = code(v, "idType", f.idType() == null || f.idType().isBlank() ? "1" : f.idType(),
                IdType::fromInput, true, "证件类型应为 1 身份证 或 2 其他", "ID type must be 1 (resident ID) or 2 (other)");

        String idNumber = null;
        LocalDate birth = null;
        boolean converted = false;
        if (blank(f.idNumber())) {
            required(v, "idNumber");
        } else if ("1".equals(idType)) {
            ResidentIdNumber.Result r = ResidentIdNumber.parse(f.idNumber(), today);
            converted = r.convertedFrom15();
            if (r.isValid()) {
                idNumber = r.normalised().orElseThrow();
                birth = r.birthDate().orElseThrow();
            } else {
                ResidentIdNumber.validate("idNumber", f.idNumber(), today, v);
            }
        } else if (idType != null) {
            int before = v.list().size();
            ResidentIdNumber.validateOtherDocument("idNumber", f.idNumber(), v);
            if (v.list().size() == before) {
                idNumber = ResidentIdNumber.normaliseOtherDocument(f.idNumber()).orElse(null);
            }
        }

        boolean longTerm = false;
        LocalDate idExpiry = null;
        if (blank(f.idExpiry())) {
            required(v, "idExpiry");
        } else if (LONG_TERM.contains(clean(f.idExpiry()).toLowerCase())) {
            longTerm = true;
        } else {
            idExpiry = date(v, "idExpiry", f.idExpiry());
            if (idExpiry != null && !idExpiry.isAfter(today)) {
                v.error("idExpiry", "id-expiry.expired", "证件已过有效期", "the document has expired");
                idExpiry = null;
            }
        }

        String ethnic = code(v, "ethnicGroup", f.ethnicGroup(), EthnicGroup::fromInput, true,
                "民族不在 GB/T 3304 代码表中", "ethnic group is not in the GB/T 3304 table");
        String political = code(v, "politicalStatus", f.politicalStatus(), PoliticalStatus::fromInput, true,
                "政治面貌应为 群众、中共党员、民主党派 或 共青团员", "political status is not in the code table");
        String education = code(v, "education", f.education(), Education::fromInput, true,
                "学历不在代码表中（1–9）", "education is not in the code table (1–9)");
        String nationality = blank(f.nationality()) ? Nationality.CHN.code() : code(v, "nationality",
                f.nationality(), Nationality::fromInput, true, "国籍应为现行的 ISO 3166-1 三位字母国家代码（如 CHN）",
                "nationality must be an assigned ISO 3166-1 alpha-3 country code (e.g. CHN)");
        String title = code(v, "titleLevel", f.titleLevel(), TitleLevel::fromInput, false,
                "职称/技能等级不在代码表中（1–9）", "title/skill level is not in the code table (1–9)");

        String mobile = null;
        if (blank(f.mobile())) {
            required(v, "mobile");
        } else {
            int before = v.list().size();
            MobileNumber.validate("mobile", f.mobile(), v);
            mobile = v.list().size() == before ? MobileNumber.normalise(f.mobile()).orElse(null) : null;
        }
        String province = text(v, "householdProvince", f.householdProvince(), true, 2, 20);
        String city = text(v, "householdCity", f.householdCity(), true, 2, 20);
        String address = text(v, "contactAddress", f.contactAddress(), true, 2, 200);

        YearMonth now = YearMonth.from(today);
        YearMonth workStart = yearMonth(v, "workStart", f.workStart(), now, true);
        YearMonth unionJoin = yearMonth(v, "unionJoin", f.unionJoin(), now, true);
        boolean insured = !blank(f.socialInsuranceStart())
                && !NOT_INSURED.contains(clean(f.socialInsuranceStart()).toLowerCase());
        YearMonth insuranceStart = insured ? yearMonth(v, "socialInsuranceStart", f.socialInsuranceStart(), now, false)
                : null;

        if (birth != null) {
            YearMonth born = YearMonth.from(birth);
            workStart = notBeforeBirth(v, "workStart", workStart, born);
            unionJoin = notBeforeBirth(v, "unionJoin", unionJoin, born);
            insuranceStart = notBeforeBirth(v, "socialInsuranceStart", insuranceStart, born);
        }

        Boolean rural = flag(v, "ruralHousehold", f.ruralHousehold());
        Boolean dispatch = flag(v, "labourDispatch", f.labourDispatch());
        Boolean contract = flag(v, "labourContract", f.labourContract());
        String occupation = code(v, "occupation", f.occupation(), Occupation::fromInput, true,
                "职业不在代码表中（1–6）", "occupation is not in the code table (1–6)");
        String cardType = code(v, "cardType", f.cardType(), CardType::fromInput, true,
                "办卡类型应为 1 借记卡 或 2 借贷合一卡", "card type must be 1 (debit) or 2 (debit-credit)");
        String employer = text(v, "employerName", f.employerName(), true, 2, 200);
        LocalDate filledOn = blank(f.filledOn()) ? today : date(v, "filledOn", f.filledOn());
        if (filledOn != null && filledOn.isAfter(today)) {
            v.error("filledOn", "date.future", "填报时间不能晚于今天", "the date filled cannot be in the future");
        }
        v.throwIfAny();

        List<String> warnings = new ArrayList<>();
        if (workStart != null && unionJoin != null && unionJoin.isBefore(workStart)) {
            warnings.add(UNION_JOIN_BEFORE_WORK);
        }
        if (workStart != null && birth != null && workStart.isBefore(YearMonth.from(birth).plusYears(WORKING_AGE))) {
            warnings.add(WORK_START_BEFORE_16);
        }
        return new Checked(new MemberDetails(name, idType, idNumber, idExpiry, longTerm, ethnic, political, education,
                nationality, title, mobile, province, city, address, workStart, unionJoin, insuranceStart, insured,
                rural, dispatch, contract, occupation, cardType, employer, filledOn), List.copyOf(warnings), converted);
    }

    /** The form that would produce {@code d}: a correction is laid over it and the whole checked again. */
    public static MemberForm formOf(MemberDetails d) {
        return new MemberForm(d.name(), d.idType(), d.idNumber(), d.idLongTerm() ? "长期" : String.valueOf(d.idExpiry()),
                d.ethnicGroup(), d.politicalStatus(), d.education(), d.nationality(), d.titleLevel(), d.mobile(),
                d.householdProvince(), d.householdCity(), d.contactAddress(), String.valueOf(d.workStart()),
                String.valueOf(d.unionJoin()), d.socialInsured() ? String.valueOf(d.socialInsuranceStart()) : null,
                d.ruralHousehold(), d.labourDispatch(), d.labourContract(), d.occupation(), d.cardType(),
                d.employerName(), String.valueOf(d.filledOn()));
    }

    /** {@code base} with every non-null field of {@code patch} laid over it. */
    public static MemberForm overlay(MemberForm base, MemberForm patch) {
        return new MemberForm(or(patch.name(), base.name()), or(patch.idType(), base.idType()),
                or(patch.idNumber(), base.idNumber()), or(patch.idExpiry(), base.idExpiry()),
                or(patch.ethnicGroup(), base.ethnicGroup()), or(patch.politicalStatus(), base.politicalStatus()),
                or(patch.education(), base.education()), or(patch.nationality(), base.nationality()),
                or(patch.titleLevel(), base.titleLevel()), or(patch.mobile(), base.mobile()),
                or(patch.householdProvince(), base.householdProvince()),
                or(patch.householdCity(), base.householdCity()), or(patch.contactAddress(), base.contactAddress()),
                or(patch.workStart(), base.workStart()), or(patch.unionJoin(), base.unionJoin()),
                or(patch.socialInsuranceStart(), base.socialInsuranceStart()),
                or(patch.ruralHousehold(), base.ruralHousehold()), or(patch.labourDispatch(), base.labourDispatch()),
                or(patch.labourContract(), base.labourContract()), or(patch.occupation(), base.occupation()),
                or(patch.cardType(), base.cardType()), or(patch.employerName(), base.employerName()),
                or(patch.filledOn(), base.filledOn()));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }

    private static String clean(String s) {
        return Text.collapseWhitespace(Text.toHalfWidth(s));
    }

    /** Trimmed, inner whitespace collapsed, middle dots unified; 2–50 letters, no digits or symbols. */
    private static String name(Violations v, String raw) {
        if (blank(raw)) {
            required(v, "name");
            return null;
        }
        if (!FormFields.printable(v, "name", raw)) {
            return null;
        }
        String s = Text.nfc(Text.collapseWhitespace(raw)).replace('•', '·').replace('・', '·').replace('．', '·');
        int length = s.codePointCount(0, s.length());
        if (length < 2 || length > 50) {
            v.error("name", "name.length", "姓名应为 2–50 个字符", "a name has 2–50 characters");
            return null;
        }
        if (!NAME.matcher(s).matches()) {
            v.error("name", "name.characters", "姓名只能包含文字、间隔号（·）和空格",
                    "a name may contain only letters, the middle dot (·) and spaces");
            return null;
        }
        return s;
    }

    private static <C extends CodedValue> String code(Violations v, String field, String raw,
                                                      Function<String, Optional<C>> lookup, boolean mandatory,
                                                      String zh, String en) {
        if (blank(raw)) {
            if (mandatory) {
                required(v, field);
            }
            return null;
        }
        Optional<C> c = lookup.apply(raw);
        if (c.isEmpty()) {
            v.error(field, field.replaceAll("([A-Z])", "-$1").toLowerCase() + ".unknown", zh, en);
            return null;
        }
        return c.get().code();
    }

    private static LocalDate date(Violations v, String field, String raw) {
        String s = clean(raw);
        for (DateTimeFormatter f : DATES) {
            try {
                return LocalDate.parse(s, f);
            } catch (DateTimeParseException e) {
                // try the next accepted spelling
            }
        }
        v.error(field, "date.format", "日期格式应为 yyyy-MM-dd，且须为真实日期", "a date is yyyy-MM-dd and must exist");
        return null;
    }

    private static YearMonth yearMonth(Violations v, String field, String raw, YearMonth now, boolean mandatory) {
        if (blank(raw)) {
            if (mandatory) {
                required(v, field);
            }
            return null;
        }
        int before = v.list().size();
        YearMonthField.validate(field, raw, now, v);
        return v.list().size() == before ? YearMonthField.parse(raw).orElse(null) : null;
    }

    /** The month, or null with an error when it lies before the birth month the ID number gives. */
    private static YearMonth notBeforeBirth(Violations v, String field, YearMonth ym, YearMonth born) {
        if (ym != null && ym.isBefore(born)) {
            // The birth month itself is personal data: not repeated in the message.
            v.error(field, BEFORE_BIRTH, "不能早于身份证号码中的出生年月", "cannot be before the birth month in the ID number");
            return null;
        }
        return ym;
    }

    private static Boolean flag(Violations v, String field, Boolean value) {
        if (value == null) {
            v.error(field, "required", "请选择 是 或 否", "choose yes or no");
        }
        return value;
    }
}
