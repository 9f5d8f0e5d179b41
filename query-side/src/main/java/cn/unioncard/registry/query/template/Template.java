package cn.unioncard.registry.query.template;

import cn.unioncard.registry.events.imports.MemberSheet;
import cn.unioncard.registry.events.imports.UnionSheet;

import java.util.function.Supplier;

/** The four downloadable workbooks: their file names and how each is built. */
enum Template {
    MEMBER_IMPORT("member-import.xlsx", "会员信息录入模板.xlsx",
            () -> ImportTemplate.build(MemberSheet.SHEET, MemberSheet.COLUMNS, ImportGuides.MEMBER_TITLE,
                    ImportGuides.MEMBER)),
    UNION_IMPORT("union-import.xlsx", "基层工会信息录入模板.xlsx",
            () -> ImportTemplate.build(UnionSheet.SHEET, UnionSheet.COLUMNS, ImportGuides.UNION_TITLE,
                    ImportGuides.UNION)),
    MEMBER_FORM("member-form.xlsx", "附件1 工会会员信息采集表.xlsx", PrintedForms::member),
    UNION_FORM("union-form.xlsx", "附件2 基层工会信息采集表.xlsx", PrintedForms::union);

    /** The ASCII name, also the last segment of the download's path. */
    final String asciiName;
    final String chineseName;
    final Supplier<byte[]> builder;

    Template(String asciiName, String chineseName, Supplier<byte[]> builder) {
        this.asciiName = asciiName;
        this.chineseName = chineseName;
        this.builder = builder;
    }
}
