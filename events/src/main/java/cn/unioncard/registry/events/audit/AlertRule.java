package cn.unioncard.registry.events.audit;

/**
 * The patterns the DPO is alerted to (thresholds are configuration: registry.alerts.*). An alert
 * names its rule, the actor or address and the evidence (event ids), never members' data.
 */
public enum AlertRule {
    /** One actor revealing more than N distinct members within an hour (default 50). */
    MASS_REVEAL("短时间内大量查看完整信息", "many members revealed within an hour"),
    /** A read of personal data outside working hours (default 07:00–21:00 Asia/Shanghai, Monday–Saturday). */
    OFF_HOURS_READ("非工作时间查看个人信息", "personal data read outside working hours"),
    /** One actor's exports naming more than M members in a day (default 1,000). */
    MASS_EXPORT("单日导出人数过多", "exports naming many members in a day"),
    /** Repeated denied attempts by one actor or from one address (default 10 within 10 minutes). */
    REPEATED_DENIALS("多次被拒绝的访问", "repeated denied attempts"),
    /** A read that succeeded although the reader's union is outside the member's chain: a scope bug. */
    OUT_OF_SCOPE_READ("越权读取成功（范围检查缺陷）", "a read outside the reader's scope succeeded");

    private final String zh;
    private final String en;

    AlertRule(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    public String zh() {
        return zh;
    }

    public String en() {
        return en;
    }
}
