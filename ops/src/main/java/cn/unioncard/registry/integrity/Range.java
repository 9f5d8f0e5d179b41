package cn.unioncard.registry.integrity;

import cn.unioncard.registry.events.validation.Violations;

/**
 * A range of global positions asked of the chain, held to the chain as stored: a range that is
 * empty or lies outside the chain is refused (400 naming the parameter), so that "intact" never
 * means "checked nothing". The end is cut to the chain's head, which the answer then names.
 */
record Range(long from, long to) {

    static Range of(long from, long to, long head) {
        Violations v = new Violations();
        if (from < 1) {
            v.error("from", "range.before-chain", "起始位置从 1 开始", "positions start at 1");
        } else if (from > head) {
            v.error("from", "range.after-chain", "起始位置超出事件链（当前共 " + head + " 个事件）",
                    "the chain holds " + head + " events; this range starts after them");
        }
        if (to < 1) {
            v.error("to", "range.before-chain", "结束位置从 1 开始", "positions start at 1");
        } else if (to < from) {
            v.error("to", "range.empty", "结束位置不能小于起始位置", "the end of the range comes before its start");
        }
        v.throwIfAny();
        return new Range(from, Math.min(to, head));
    }
}
