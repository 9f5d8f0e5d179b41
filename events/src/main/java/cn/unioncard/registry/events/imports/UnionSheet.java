package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.imports.SheetColumn.Kind;

import java.util.List;

/**
 * The grassroots union import template's columns (附件2 基层工会信息采集表), in the form's order,
 * one per {@code UnionForm} field. The parent is the district that imports; the industry code is
 * read in the GB/T 4754-2002 numbering the seed prints. 附件2's starred fields are the required
 * ones. The example values are a made-up union.
 */
public final class UnionSheet {

    /** The sheet districts fill in. */
    public static final String SHEET = "基层工会信息";

    public static final List<SheetColumn> COLUMNS = List.of(
            new SheetColumn("name", "工会名称", "union name", true, Kind.TEXT, null, 28, "厦门示例有限公司工会委员会"),
            new SheetColumn("employerName", "单位名称", "employer name", false, Kind.TEXT, null, 24, "厦门示例有限公司"),
            new SheetColumn("employerOrganisationCode", "单位组织机构代码", "employer organisation code", false,
                    Kind.DIGITS, null, 14, "D2143569-X"),
            new SheetColumn("employerCreditCode", "单位统一社会信用代码", "employer unified social credit code", false,
                    Kind.DIGITS, null, 22, "91350200D2143569XF"),
            new SheetColumn("unionOrganisationCode", "工会组织机构代码", "union organisation code", false, Kind.DIGITS,
                    null, 14, null),
            new SheetColumn("unionCreditCode", "工会统一社会信用代码", "union unified social credit code", false,
                    Kind.DIGITS, null, 22, null),
            new SheetColumn("industryCode", "所属行业", "industry (GB/T 4754-2002)", true, Kind.CODE, "industry-2002", 22,
                    "03 制造业"),
            new SheetColumn("address", "单位地址", "address", true, Kind.TEXT, null, 30, "福建省厦门市湖里区示例路8号"),
            new SheetColumn("unitCategory", "单位类别", "unit category", true, Kind.CODE, "unit-category", 14,
                    "4 有限责任公司"),
            new SheetColumn("founded", "工会成立时间", "founded (yyyy-MM)", false, Kind.YEAR_MONTH, null, 12, "2008-05"),
            new SheetColumn("hasPartyOrganisation", "是否建立党组织", "party organisation (是/否)", false, Kind.YES_NO, null,
                    10, "是"),
            new SheetColumn("chairName", "工会主席姓名", "chair's name", false, Kind.TEXT, null, 10, "李四"),
            new SheetColumn("chairPartTime", "主席是否兼职", "chair part-time (是/否)", false, Kind.YES_NO, null, 10, "是"),
            new SheetColumn("chairOtherPosts", "主席兼任其他职务", "chair's other posts", false, Kind.TEXT, null, 16,
                    "行政部经理"),
            new SheetColumn("chairPhone", "主席联系电话", "chair's phone", false, Kind.DIGITS, null, 14, "0592-5550123"),
            new SheetColumn("committeeMembers", "工会委员数", "committee members", false, Kind.COUNT, null, 10, "5"),
            new SheetColumn("committeeFullTime", "其中专职委员数", "of them full-time", false, Kind.COUNT, null, 10, "1"),
            new SheetColumn("cadres", "工会干部数", "union cadres", false, Kind.COUNT, null, 10, "3"),
            new SheetColumn("cadresFullTime", "其中专职干部数", "of them full-time", false, Kind.COUNT, null, 10, "1"),
            new SheetColumn("totalStaff", "单位职工总数", "total staff", false, Kind.COUNT, null, 10, "120"),
            new SheetColumn("members", "工会会员数", "members", false, Kind.COUNT, null, 10, "110"),
            new SheetColumn("migrantWorkers", "农民工数", "migrant workers", false, Kind.COUNT, null, 10, "40"),
            new SheetColumn("dispatchedWorkers", "劳务派遣工数", "dispatched workers", false, Kind.COUNT, null, 10, "5"),
            new SheetColumn("socialInsuranceNumber", "社保登记号", "social-insurance number", false, Kind.DIGITS, null, 16,
                    null),
            new SheetColumn("insuredStaff", "参加社保人数", "insured staff", false, Kind.COUNT, null, 10, "118"),
            new SheetColumn("collectiveWageAgreement", "是否签订工资集体协议", "collective wage agreement (是/否)", false,
                    Kind.YES_NO, null, 12, "是"),
            new SheetColumn("medicalMutualAid", "是否参加职工医疗互助", "medical mutual aid (是/否)", false, Kind.YES_NO,
                    null, 12, "是"),
            new SheetColumn("filledBy", "填表人", "form filled by", true, Kind.TEXT, null, 10, "王五"),
            new SheetColumn("filledByPhone", "填表人联系电话", "filler's phone", true, Kind.DIGITS, null, 14, "13900139000"),
            new SheetColumn("filledOn", "填表日期", "date filled (yyyy-MM-dd)", false, Kind.DATE, null, 12, "2013-01-16"),
            new SheetColumn("creditCodeOverrideReason", "信用代码校验不通过的说明", "reason to accept a credit code failing its check",
                    false, Kind.TEXT, null, 20, null));

    private UnionSheet() {
    }
}
