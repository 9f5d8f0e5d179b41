package cn.unioncard.registry.events.audit;

/** Why an attempt was refused, in both languages for the DPO's sheets. */
public enum DenialKind {
    /** A read or write of something outside the caller's subtree (answered 404, as if it did not exist). */
    OUT_OF_SCOPE("超出管辖范围的访问", "outside the caller's scope"),
    /** The caller's role may not do this (403). */
    FORBIDDEN("角色无权操作", "not allowed for the role"),
    /** Full data asked for without a stated purpose (400 naming purpose). */
    PURPOSE_MISSING("查看完整信息未说明用途", "full data asked for without a purpose"),
    /** Full data asked for by a role that may not see it unmasked (403). */
    REVEAL_NOT_ALLOWED("角色无权查看完整信息", "full data asked for by a role that may not see it"),
    /** A login with a wrong password for an existing account. */
    WRONG_PASSWORD("登录密码错误", "wrong password"),
    /** A login to an account locked after repeated failures. */
    ACCOUNT_LOCKED("账号已锁定时登录", "login to a locked account"),
    /** A login under a name no account has (recorded as a keyed hash of the name). */
    UNKNOWN_USER("不存在的用户名登录", "login under an unknown name");

    private final String zh;
    private final String en;

    DenialKind(String zh, String en) {
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
