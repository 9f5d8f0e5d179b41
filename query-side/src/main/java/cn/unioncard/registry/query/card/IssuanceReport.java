package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.card.IssuanceOutcome;

import java.util.Arrays;
import java.util.List;

/**
 * A bank return's report as .xlsx: every row's outcome in both languages, and for a row that matched a member
 * the member's name and masked ID number (the masked card number when issued). The bank's own file holds
 * the rest; the registry kept no number or name of a refused row.
 */
final class IssuanceReport {

    static final String TITLE = "发卡结果报告";
    static final List<String> HEADINGS = List.of("行号", "结果", "Outcome", "会员编号", "姓名", "身份证号", "卡号");
    static final List<String> FIELDS = List.of("name", "idNumber", "cardNumber");

    /** One row of the report; {@code name} and the numbers null when the row matched nobody. */
    record Line(int row, IssuanceOutcome outcome, String memberId, String name, String maskedIdNumber,
                String maskedCardNumber) {
    }

    private IssuanceReport() {
    }

    static byte[] of(IssuanceRuns.Run run, String unionName, List<Line> lines) {
        PrintedList list = new PrintedList(TITLE, 6, 30, 34, 20, 12, 21, 22)
                .title(TITLE)
                .line("工会：" + unionName + "　　批次：" + run.batchId() + "　　来源：" + run.source())
                .line("共 " + run.total() + " 行　　发卡 " + run.issued() + " 行　　未发卡 " + run.refused() + " 行")
                .headings(HEADINGS);
        for (Line l : lines) {
            // Arrays.asList takes the nulls of a row that matched nobody.
            list.row(18, Arrays.asList(Integer.toString(l.row()), l.outcome().zh(), l.outcome().en(), l.memberId(),
                    l.name(), l.maskedIdNumber(), l.maskedCardNumber()), 0);
        }
        return list.bytes(true, "第 &P 页 共 &N 页 · 批次 " + PrintedList.literal(run.batchId()) + " · 发卡 "
                + PrintedList.literal(run.runId()));
    }
}
