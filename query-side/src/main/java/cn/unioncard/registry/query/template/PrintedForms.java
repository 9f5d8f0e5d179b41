package cn.unioncard.registry.query.template;

import cn.unioncard.registry.query.template.PaperForm.Box;

import static cn.unioncard.registry.query.template.PaperForm.answer;
import static cn.unioncard.registry.query.template.PaperForm.label;
import static cn.unioncard.registry.query.template.PaperForm.unit;

/**
 * The seed's blank 附件1 (工会会员信息采集表) and 附件2 (基层工会信息采集表) with their 填表说明, in the
 * seed's words and layout, for unions that hand out paper forms. Each row's spans fill {@link PaperForm#GRID}.
 */
final class PrintedForms {

    private static final float ROW = 34;
    private static final String YES_NO = "1、是　　2、否";
    private static final String YEAR_MONTH = "　　　　年　　　月";

    private PrintedForms() {
    }

    /** 附件1: the member form. */
    static byte[] member() {
        Box[] id = new Box[20];
        id[0] = label("3、证件号", 7);
        for (int i = 1; i <= 18; i++) {
            id[i] = answer(null, 1);
        }
        id[19] = answer("（身份证 18 位，末位可为 X）", 7);
        return new PaperForm("工会会员信息采集表")
                .line("附件1：", false)
                .line("工 会 会 员 信 息 采 集 表", true)
                .line("所在单位名称：　　　　　　　　　　　　　　　　　　　　　　填报时间：　　　　年　　月　　日", false)
                .boxes(ROW, pair("1、姓名", null, "2、证件类型", "1、身份证　　2、其他"))
                .boxes(ROW, id)
                .boxes(ROW, label("4、证件有效到期日", 7), answer("1、　　　　年　　月　　日　　2、长期", 25))
                .boxes(ROW, pair("5、民族", null, "6、政治面貌", null))
                .boxes(ROW, pair("7、学历", null, "8、国籍", null))
                .boxes(ROW, pair("﹡9、职称/技术等级", null, "10、本人手机号码", null))
                .boxes(ROW, pair("11、户口所在地", "　　　　省　　　　市", "12、联系地址", null))
                .boxes(ROW, pair("13、参加工作时间", YEAR_MONTH, "14、加入工会时间", YEAR_MONTH))
                .boxes(ROW, pair("﹡15、开始参加社保时间", "1、　　年　　月　2、未参加", "16、是否农村户口", YES_NO))
                .boxes(ROW, pair("17、是否劳务派遣", YES_NO, "18、是否签订劳动合同", YES_NO))
                .boxes(44, pair("19、职业", "1、公务员　2、事业单位员工　3、警察\n4、公司员工　5、管理人员　6、其他",
                        "20、办工会卡类型", "1、借记卡　　2、借贷合一卡"))
                .note("说明：此表由基层工会发给职工填写，负责采集工作人员汇总后统一录入系统（也可用《会员信息录入模板》导入），"
                        + "带“﹡”为非必填项。")
                .line("《工会会员信息采集表》填表说明：", false)
                .note("一、学历：本人的最高学历\n1、小学　2、初中　3、高中、技校　4、中专　5、大专　6、大学本科　"
                        + "7、硕士研究生　8、博士研究生　9、无")
                .note("二、职称/技能等级：\n1、初级工　2、中级工　3、高级工　4、技师　5、高级技师　6、初级职称　"
                        + "7、中级职称　8、高级职称　9、无")
                .note("三、职业：公务员、事业单位员工、警察、公司员工、管理人员、其他。此项为银行办卡要求。")
                .note("四、政治面貌：群众、中共党员、民主党派、共青团员。")
                .note("五、办工会卡类型：借记卡、借贷合一卡。其中借贷合一卡需要银行审核资格，符合条件方能办理此卡。")
                .note("提醒：办卡请提供本人身份证件复印件（正反面复印在A4纸的同一面上），在上面写上“授权单位代申领工会卡”字样，"
                        + "并亲笔签名。")
                .bytes();
    }

    /** 附件2: the grassroots union form. */
    static byte[] union() {
        return new PaperForm("基层工会信息采集表")
                .line("附件2：", false)
                .line("基 层 工 会 信 息 采 集 表", true)
                .boxes(ROW, pair("﹡工会名称（盖章）", null, "所在单位名称", null))
                .boxes(ROW, pair("所在单位组织机构代码", null, "工会组织机构代码", null))
                .boxes(ROW, pair("所在单位统一社会信用代码", null, "工会统一社会信用代码", null))
                .boxes(ROW, label("﹡所在单位（或单位主体）的国民经济行业分类代码", 16), answer(null, 16))
                .boxes(ROW, label("﹡单位地址", 7), answer(null, 25))
                .boxes(ROW, pair("﹡所在单位类别", null, "上级工会", null))
                .boxes(ROW, pair("建会时间", "　　　　年　　月", "是否有建立党组织", null))
                .boxes(ROW, four("工会负责人", null, "是否兼职", null, "其他职务", null, "联系电话", null))
                .boxes(ROW, counts("工会委员", "其中，专职", "工会干部", "其中，专职"))
                .boxes(ROW, label("单位职工总数", 6), unit("人", 5), label("工会会员数", 5), unit("人", 5),
                        label("农民工数", 6), unit("人", 5))
                .boxes(ROW, label("劳务派遣工数", 6), unit("人", 5), label("单位社保编号", 5), answer(null, 5),
                        label("社保人数", 6), unit("人", 5))
                .boxes(36, pair("是否签订工资集体协商", null, "是否参加市总工会的职工医疗互助保障", null))
                .boxes(ROW, label("﹡填表人", 6), answer(null, 5), label("﹡填表人联系电话", 5), answer(null, 5),
                        label("填报日期", 6), answer(null, 5))
                .note("说明：此表由基层工会填写后，报送所属区或产业工会，由区或产业工会录入系统。带“﹡”为必填项。")
                .line("《基层工会信息采集表》填表说明", false)
                .note("一、所在单位（或单位主体）的国民经济行业分类代码：\n"
                        + "01、农、林、牧、渔业　02、采矿业　03、制造业　04、电力、燃气及水的生产和供应业　05、建筑业　"
                        + "06、交通运输、仓储及邮政业　07、信息传输、计算机服务和软件业　08、批发和零售业　09、住宿和餐饮业　"
                        + "10、金融业　11、房地产业　12、租赁和商业服务业　13、科学研究、技术服务和地质勘查业　"
                        + "14、水利、环境和公共设施管理业　15、居民服务和其他服务业　16、教育　17、卫生、社会保障和社会福利业　"
                        + "18、文化、体育和娱乐业　19、公共管理和社会组织　20、国际组织\n"
                        + "注：公共管理和社会组织包括党政机关、人民法院、人民检察院、人民政协、民主党派、工青妇和其他群众团体")
                .note("二、所在单位的单位类别：\n1、国有企业　2、集体企业　3、私营企业　4、有限责任公司　5、股份有限公司　"
                        + "6、台资企业　7、港澳投资企业　8、外商投资企业　9、事业　10、机关　11、个体经济组织　12、其他")
                .bytes();
    }

    /** Two label/answer pairs across the page. */
    private static Box[] pair(String label1, String answer1, String label2, String answer2) {
        return new Box[] {label(label1, 7), answer(answer1, 9), label(label2, 7), answer(answer2, 9)};
    }

    /** Four narrow label/count pairs across the page. */
    private static Box[] counts(String l1, String l2, String l3, String l4) {
        return new Box[] {label(l1, 4), unit("人", 4), label(l2, 4), unit("人", 4), label(l3, 4), unit("人", 4),
            label(l4, 4), unit("人", 4)};
    }

    /** Four narrow label/answer pairs across the page. */
    private static Box[] four(String l1, String a1, String l2, String a2, String l3, String a3, String l4, String a4) {
        return new Box[] {label(l1, 4), answer(a1, 4), label(l2, 4), answer(a2, 4), label(l3, 4), answer(a3, 4),
            label(l4, 4), answer(a4, 4)};
    }
}
