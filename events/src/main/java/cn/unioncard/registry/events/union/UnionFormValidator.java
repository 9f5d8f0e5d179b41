package cn.unioncard.registry.events.union;

import cn.unioncard.registry.events.codes.Industry;
import cn.unioncard.registry.events.codes.IndustryEdition;
import cn.unioncard.registry.events.codes.UnitCategory;
import cn.unioncard.registry.events.validation.OrganisationCode;
import cn.unioncard.registry.events.validation.PhoneNumber;
import cn.unioncard.registry.events.validation.SocialCreditCode;
import cn.unioncard.registry.events.validation.Violations;
import cn.unioncard.registry.events.validation.YearMonthField;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static cn.unioncard.registry.events.validation.FormFields.blank;
import static cn.unioncard.registry.events.validation.FormFields.required;
import static cn.unioncard.registry.events.validation.FormFields.text;

/**
 * Checks a {@link UnionForm} against the rules of 附件2 and docs/design.md §3 and reports every failing
 * field at once. The starred fields of 附件2 are required for a grassroots union; district unions
 * and the city need only a name.
 */
public final class UnionFormValidator {

    /** The checked profile and the credit-code warnings the clerk overrode. */
    public record Checked(UnionProfile profile, List<CreditCodeOverride> overrides) {
    }

    private static final int MAX_TEXT = 200;

    /**
     * The floor of {@code founded}: unions older than any working life exist (China's first ones
     * date from the 1920s), so a working life's 1950 would refuse real forms.
     */
    static final YearMonth EARLIEST_FOUNDED = YearMonth.of(1900, 1);

    private UnionFormValidator() {
    }

    public static Checked check(UnionForm f, UnionLevel level, LocalDate today) {
        Violations v = new Violations();
        boolean grassroots = level == UnionLevel.GRASSROOTS;

        String name = text(v, "name", f.name(), true, 2, 100);
        String employerName = text(v, "employerName", f.employerName(), false, 2, MAX_TEXT);
        String employerOrgCode = organisationCode(v, "employerOrganisationCode", f.employerOrganisationCode());
        String unionOrgCode = organisationCode(v, "unionOrganisationCode", f.unionOrganisationCode());
        List<CreditCodeOverride> overrides = new ArrayList<>();
        String employerCredit = creditCode(v, "employerCreditCode", f.employerCreditCode(),
                f.creditCodeOverrideReason(), overrides);
        String unionCredit = creditCode(v, "unionCreditCode", f.unionCreditCode(),
                f.creditCodeOverrideReason(), overrides);

        Industry industry = industry(v, f, grassroots);
        String address = text(v, "address", f.address(), grassroots, 2, MAX_TEXT);
        String unitCategory = null;
        if (blank(f.unitCategory())) {
            if (grassroots) {
                required(v, "unitCategory");
            }
        } else {
            Optional<UnitCategory> c = UnitCategory.fromInput(f.unitCategory());
            if (c.isPresent()) {
                unitCategory = c.get().code();
            } else {
                v.error("unitCategory", "unit-category.unknown", "单位类别不在代码表中（1–12）",
                        "unit category is not in the code table (1–12)");
            }
        }
        YearMonth founded = null;
        if (!blank(f.founded())) {
            int before = v.list().size();
            YearMonthField.validate("founded", f.founded(), YearMonth.from(today), EARLIEST_FOUNDED, v);
            if (v.list().size() == before) {
                founded = YearMonthField.parse(f.founded(), EARLIEST_FOUNDED).orElse(null);
            }
        }
        String chairName = text(v, "chairName", f.chairName(), false, 2, 50);
        String chairOtherPosts = text(v, "chairOtherPosts", f.chairOtherPosts(), false, 1, MAX_TEXT);
        String chairPhone = phone(v, "chairPhone", f.chairPhone(), false);
        String socialInsuranceNumber = text(v, "socialInsuranceNumber", f.socialInsuranceNumber(), false, 1, 50);
        String filledBy = text(v, "filledBy", f.filledBy(), grassroots, 2, 50);
        String filledByPhone = phone(v, "filledByPhone", f.filledByPhone(), grassroots);
        LocalDate filledOn = f.filledOn() == null ? today : f.filledOn();
        if (filledOn.isAfter(today)) {
            v.error("filledOn", "date.future", "填报日期不能晚于今天", "date filled cannot be in the future");
        }

        count(v, "committeeMembers", f.committeeMembers());
        count(v, "committeeFullTime", f.committeeFullTime());
        count(v, "cadres", f.cadres());
        count(v, "cadresFullTime", f.cadresFullTime());
        count(v, "totalStaff", f.totalStaff());
        count(v, "members", f.members());
        count(v, "migrantWorkers", f.migrantWorkers());
        count(v, "dispatchedWorkers", f.dispatchedWorkers());
        count(v, "insuredStaff", f.insuredStaff());
        atMost(v, "committeeFullTime", f.committeeFullTime(), "committeeMembers", f.committeeMembers(),
                "专职工会委员数不能多于工会委员数");
        atMost(v, "cadresFullTime", f.cadresFullTime(), "cadres", f.cadres(), "专职工会干部数不能多于工会干部数");
        atMost(v, "members", f.members(), "totalStaff", f.totalStaff(), "工会会员数不能多于单位职工总数");
        atMost(v, "migrantWorkers", f.migrantWorkers(), "totalStaff", f.totalStaff(), "农民工数不能多于单位职工总数");
        atMost(v, "dispatchedWorkers", f.dispatchedWorkers(), "totalStaff", f.totalStaff(),
                "劳务派遣工数不能多于单位职工总数");
        atMost(v, "insuredStaff", f.insuredStaff(), "totalStaff", f.totalStaff(), "社保人数不能多于单位职工总数");

        // A credit-code warning blocks too, until the clerk gives creditCodeOverrideReason.
        v.throwIfAnyIncludingWarnings();

        return new Checked(new UnionProfile(name, employerName, employerOrgCode, employerCredit, unionOrgCode,
                unionCredit, industry, address, unitCategory, founded, f.hasPartyOrganisation(), chairName,
                f.chairPartTime(), chairOtherPosts, chairPhone, f.committeeMembers(), f.committeeFullTime(),
                f.cadres(), f.cadresFullTime(), f.totalStaff(), f.members(), f.migrantWorkers(),
                f.dispatchedWorkers(), socialInsuranceNumber, f.insuredStaff(), f.collectiveWageAgreement(),
                f.medicalMutualAid(), filledBy, filledByPhone, filledOn), List.copyOf(overrides));
    }

    private static String organisationCode(Violations v, String field, String raw) {
        if (blank(raw)) {
            return null;
        }
        int before = v.list().size();
        OrganisationCode.validate(field, raw, v);
        return v.list().size() == before ? OrganisationCode.normalise(raw).orElse(null) : null;
    }

    private static String creditCode(Violations v, String field, String raw, String overrideReason,
                                      List<CreditCodeOverride> overrides) {
        if (blank(raw)) {
            return null;
        }
        Violations own = new Violations();
        SocialCreditCode.validate(field, raw, own);
        if (own.hasErrors()) {
            own.list().forEach(v::add);
            return null;
        }
        if (!own.warnings().isEmpty()) {
            // Free text like any other: the rules of FormFields, at most 500 characters.
            Violations reasonCheck = new Violations();
            String reason = text(reasonCheck, "creditCodeOverrideReason", overrideReason, false, 2, 500);
            if (reasonCheck.hasErrors() && v.list().stream()
                    .noneMatch(x -> x.field().equals("creditCodeOverrideReason"))) {
                reasonCheck.list().forEach(v::add);
                return null;
            }
            if (reason == null) {
                own.warnings().forEach(v::add);
                return null;
            }
            overrides.add(new CreditCodeOverride(field, reason));
        }
        return SocialCreditCode.normalise(raw).orElse(null);
    }

    private static Industry industry(Violations v, UnionForm f, boolean grassroots) {
        if (blank(f.industryCode())) {
            if (grassroots) {
                required(v, "industryCode");
            }
            return null;
        }
        IndustryEdition edition = IndustryEdition.GB_T_4754_2002;
        if (!blank(f.industryEdition())) {
            try {
                edition = IndustryEdition.valueOf(f.industryEdition().trim());
            } catch (IllegalArgumentException e) {
                v.error("industryEdition", "industry-edition.unknown",
                        "行业分类版本应为 GB_T_4754_2002、GB_T_4754_2011 或 GB_T_4754_2017",
                        "industry edition must be GB_T_4754_2002, GB_T_4754_2011 or GB_T_4754_2017");
                return null;
            }
        }
        Optional<Industry> industry = Industry.of(edition, f.industryCode());
        if (industry.isEmpty()) {
            v.error("industryCode", "industry.unknown", "国民经济行业分类代码不在该版本的代码表中",
                    "industry code is not in the code table of that edition");
        }
        return industry.orElse(null);
    }

    private static String phone(Violations v, String field, String raw, boolean mandatory) {
        if (blank(raw)) {
            if (mandatory) {
                required(v, field);
            }
            return null;
        }
        int before = v.list().size();
        PhoneNumber.validate(field, raw, v);
        return v.list().size() == before ? PhoneNumber.normalise(raw).orElse(null) : null;
    }

    private static void count(Violations v, String field, Integer n) {
        if (n != null && n < 0) {
            v.error(field, "count.negative", "人数不能为负数", "a count cannot be negative");
        } else if (n != null && n > 10_000_000) {
            v.error(field, "count.too-large", "人数超出合理范围", "the count is implausibly large");
        }
    }

    private static void atMost(Violations v, String field, Integer part, String wholeField, Integer whole,
                               String zh) {
        if (part != null && whole != null && part >= 0 && whole >= 0 && part > whole) {
            v.error(field, "count.exceeds-" + wholeField, zh, field + " cannot exceed " + wholeField);
        }
    }
}
