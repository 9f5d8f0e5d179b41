package cn.unioncard.registry.events.card;

/** Where a card stands; a refused transition names it (409) in both languages. */
public enum CardState {
    ISSUED("已发卡，尚未发放给会员", "issued, not yet handed out"),
    HANDED_OUT("已发放给会员，尚未启用", "handed out, not yet activated"),
    ACTIVATED("已启用", "activated"),
    CANCELLED("已注销", "cancelled");

    private final String zh;
    private final String en;

    CardState(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }

    /** Issued, handed out or activated: the holder cannot be issued another card. */
    public boolean live() {
        return this != CANCELLED;
    }
}
