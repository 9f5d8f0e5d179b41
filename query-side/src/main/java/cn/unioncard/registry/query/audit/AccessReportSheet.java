package cn.unioncard.registry.query.audit;

import java.util.List;

/** A member's access report as a workbook: the changes (处理记录) and the reads (查阅记录), each under a heading. */
final class AccessReportSheet {

    static final String CHANGES = "处理记录";
    static final String READS = "查阅记录";
    static final List<String> CHANGE_HEADINGS = List.of("位置", "时间", "对象类型", "对象编号", "序号", "事件",
            "说明", "操作人", "角色", "所属单位", "客户端地址", "请求编号", "目的");
    static final List<String> READ_HEADINGS = List.of("查阅编号", "时间", "查阅人", "角色", "所属单位", "查阅字段",
            "是否显示完整信息", "查阅目的", "接口", "客户端地址", "请求编号");
    private static final int[] CHANGE_WIDTHS = {10, 24, 14, 38, 6, 24, 24, 18, 18, 38, 16, 38, 30};
    private static final int[] READ_WIDTHS = {38, 24, 18, 18, 38, 30, 10, 30, 40, 16, 38};

    private AccessReportSheet() {
    }

    static byte[] of(AccessReportController.Report report) {
        String heading = "会员 " + report.memberId() + " 个人信息处理报告（生成时间 " + report.generatedAt() + "）";
        String line = report.erased() ? "该会员的个人信息已删除；本报告只列出处理与查阅的记录，不含个人信息"
                : "本报告只列出处理与查阅的记录，不含个人信息";
        try (AuditSheets sheets = new AuditSheets()) {
            sheets.sheet(CHANGES, heading, line, CHANGE_HEADINGS, CHANGE_WIDTHS, row -> report.changes().forEach(c ->
                    row.accept(texts(c.position(), c.at(), c.aggregateType(), c.aggregateId(), c.sequence(),
                            c.type(), c.label(), c.actor(), c.role(), c.organisation(), c.clientAddress(),
                            c.requestId(), c.purpose()))));
            sheets.sheet(READS, heading, line, READ_HEADINGS, READ_WIDTHS, row -> report.reads().forEach(r ->
                    row.accept(texts(r.accessId(), r.at(), r.actor(), r.role(), r.organisation(),
                            String.join(",", r.fields()), r.revealed() ? "是" : "否", r.purpose(), r.endpoint(),
                            r.clientAddress(), r.requestId()))));
            return sheets.bytes();
        }
    }

    private static List<String> texts(Object... values) {
        return java.util.Arrays.stream(values).map(v -> v == null ? "" : v.toString()).toList();
    }
}
