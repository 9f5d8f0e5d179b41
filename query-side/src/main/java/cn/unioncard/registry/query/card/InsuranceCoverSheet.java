package cn.unioncard.registry.query.card;

import cn.unioncard.registry.events.card.InsuranceCover;

import java.util.Arrays;
import java.util.List;

/** The insurer's list as .xlsx: the period, the cover's terms, one line per member whose cover started in it. */
final class InsuranceCoverSheet {

    static final String TITLE = "工会卡会员保险名单";
    static final List<String> HEADINGS = List.of("序号", "姓名", "身份证号", "工会", "卡号", "保障起始日", "保障终止日");

    private InsuranceCoverSheet() {
    }

    static byte[] of(InsuranceCoverController.CoverList cover) {
        InsuranceCover terms = InsuranceCover.STANDARD;
        PrintedList list = new PrintedList(TITLE, 6, 12, 21, 30, 22, 12, 12)
                .title(TITLE)
                .line("保障起始日期：" + cover.from() + " 至 " + cover.to() + "　　人数：" + cover.total())
                .line("保障内容：交通意外 " + terms.trafficAccidentCny() + " 元（道路客运 " + terms.roadPassengerCny()
                        + " 元），住院津贴每天 " + terms.hospitalDailyCny() + " 元，最多 " + terms.hospitalMaxDays() + " 天")
                .headings(HEADINGS);
        int n = 0;
        for (InsuranceCoverController.Item i : cover.items()) {
            // A list that takes nulls: a union no longer named leaves its cell blank.
            list.row(18, Arrays.asList(Integer.toString(++n), i.name(), i.idNumber(), i.unionName(), i.cardNumber(),
                    i.coverStartsOn().toString(), i.coverEndsOn() == null ? null : i.coverEndsOn().toString()), 0, 5, 6);
        }
        return list.bytes(true, "第 &P 页 共 &N 页 · " + cover.from() + " 至 " + cover.to());
    }
}
