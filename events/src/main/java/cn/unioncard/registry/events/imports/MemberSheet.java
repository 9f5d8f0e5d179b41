package cn.unioncard.registry.events.imports;

import cn.unioncard.registry.events.imports.SheetColumn.Kind;

import java.util.List;

/**
 * The member entry template's columns (会员信息录入模板), in 附件1's order, one per
 * {@code MemberForm} field. The seed marks title/skill level and social insurance start (﹡) as
 * optional; ID type (defaults to 身份证), nationality (defaults to CHN) and the date filled
 * (defaults to the import's day) may be left empty too. The example values are a made-up person.
 */
public final class MemberSheet {

    /** The sheet clerks fill in. */
    public static final String SHEET = "会员信息";

    public static final List<SheetColumn> COLUMNS = List.of(
            new SheetColumn("name", "姓名", "name", true, Kind.TEXT, null, 10, "张三"),
            new SheetColumn("idType", "证件类型", "ID type", false, Kind.CODE, "id-type", 10, "1 身份证"),
            new SheetColumn("idNumber", "证件号码", "ID number", true, Kind.DIGITS, null, 22, "11010519491231002X"),
            new SheetColumn("idExpiry", "证件有效期", "ID expiry (date or 长期)", true, Kind.DATE_OR_LONG_TERM, null, 14,
                    "长期"),
            new SheetColumn("ethnicGroup", "民族", "ethnic group", true, Kind.CODE, "ethnic-group", 10, "01 汉"),
            new SheetColumn("politicalStatus", "政治面貌", "political status", true, Kind.CODE, "political-status", 12,
                    "1 群众"),
            new SheetColumn("education", "学历", "education", true, Kind.CODE, "education", 14, "6 大学本科"),
            new SheetColumn("nationality", "国籍", "nationality (ISO 3166 alpha-3)", false, Kind.TEXT, null, 8, "CHN"),
            new SheetColumn("titleLevel", "职称/技能等级", "title/skill level", false, Kind.CODE, "title-level", 14,
                    "2 中级工"),
            new SheetColumn("mobile", "手机号码", "mobile", true, Kind.DIGITS, null, 14, "13800138000"),
            new SheetColumn("householdProvince", "户籍所在省", "household registration: province", true, Kind.TEXT, null,
                    12, "福建省"),
            new SheetColumn("householdCity", "户籍所在市", "household registration: city", true, Kind.TEXT, null, 12,
                    "厦门市"),
            new SheetColumn("contactAddress", "联系地址", "contact address", true, Kind.TEXT, null, 30,
                    "福建省厦门市思明区湖滨北路1号"),
            new SheetColumn("workStart", "参加工作时间", "work start (yyyy-MM)", true, Kind.YEAR_MONTH, null, 12, "2012-07"),
            new SheetColumn("unionJoin", "入会时间", "union join (yyyy-MM)", true, Kind.YEAR_MONTH, null, 12, "2013-01"),
            new SheetColumn("socialInsuranceStart", "参加社保时间", "social insurance start (yyyy-MM or 未参加)", false,
                    Kind.YEAR_MONTH_OR_NOT_INSURED, null, 14, "2012-08"),
            new SheetColumn("ruralHousehold", "是否农村户籍", "rural household (是/否)", true, Kind.YES_NO, null, 10, "否"),
            new SheetColumn("labourDispatch", "是否劳务派遣", "labour dispatch (是/否)", true, Kind.YES_NO, null, 10, "否"),
            new SheetColumn("labourContract", "是否签订劳动合同", "labour contract signed (是/否)", true, Kind.YES_NO, null, 12,
                    "是"),
            new SheetColumn("occupation", "职业", "occupation", true, Kind.CODE, "occupation", 14, "4 公司员工"),
            new SheetColumn("cardType", "办卡类型", "card type", true, Kind.CODE, "card-type", 12, "1 借记卡"),
            new SheetColumn("employerName", "工作单位", "employer name", true, Kind.TEXT, null, 24, "厦门示例有限公司"),
            new SheetColumn("filledOn", "填报时间", "date filled (yyyy-MM-dd)", false, Kind.DATE, null, 12, "2013-01-16"));

    private MemberSheet() {
    }
}
