package cn.unioncard.registry.events.codes;

import java.util.List;

/**
 * Edition of GB/T 4754 (国民经济行业分类). The seed's numbers 01–20 are the 2002 sections A–T;
 * the 2011 and 2017 editions reorder them (F–I mean different sections), so a stored industry
 * code is meaningless without its edition.
 */
public enum IndustryEdition {
    GB_T_4754_2002("industry-2002"),
    GB_T_4754_2011("industry-2011"),
    GB_T_4754_2017("industry-2017");

    /** Sections A–T of GB/T 4754-2002, in order; the seed numbers them 01–20. */
    static final List<String> SECTIONS_2002 = List.of(
            "农、林、牧、渔业", "采矿业", "制造业", "电力、燃气及水的生产和供应业", "建筑业",
            "交通运输、仓储及邮政业", "信息传输、计算机服务和软件业", "批发和零售业", "住宿和餐饮业",
            "金融业", "房地产业", "租赁和商业服务业", "科学研究、技术服务和地质勘查业",
            "水利、环境和公共设施管理业", "居民服务和其他服务业", "教育", "卫生、社会保障和社会福利业",
            "文化、体育和娱乐业", "公共管理和社会组织", "国际组织");

    /** Sections A–T, identical in GB/T 4754-2011 and GB/T 4754-2017. */
    static final List<String> SECTIONS_2011 = List.of(
            "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业",
            "批发和零售业", "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业",
            "金融业", "房地产业", "租赁和商务服务业", "科学研究和技术服务业",
            "水利、环境和公共设施管理业", "居民服务、修理和其他服务业", "教育", "卫生和社会工作",
            "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "国际组织");

    private final String tableName;

    IndustryEdition(String tableName) {
        this.tableName = tableName;
    }

    /** Name of this edition's table in {@link CodeTables#all()}. */
    public String tableName() {
        return tableName;
    }

    /** The section labels A–T of this edition, in order. */
    List<String> sectionLabels() {
        return this == GB_T_4754_2002 ? SECTIONS_2002 : SECTIONS_2011;
    }

    /** Stored code of the section at {@code index} (0 = A): "01".."20" for 2002, else the letter. */
    String codeAt(int index) {
        return this == GB_T_4754_2002 ? String.format("%02d", index + 1) : String.valueOf((char) ('A' + index));
    }
}
